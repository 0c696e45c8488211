package io.roam.scenarios.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.JsonHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows one spoke's change feed ({@code GET /api/v1/directory/changes}, server-sent events) as a
 * call router would, keeping each DN's routing reason, and tells every change the moment its event
 * is read. Watching a spoke this way costs it one open stream, where polling costs it a lookup
 * per period, and sees a change without a poll period's delay.
 */
public final class ChangeFollower implements AutoCloseable {

    /** Told of each live change, on the follower's own thread, timed when its event was read. */
    public interface Listener {
        void changed(String dn, String reason, String target, long nanos);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final InputStream stream;
    private final Thread reader;
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final CountDownLatch snapshotDone = new CountDownLatch(1);
    private volatile Listener listener = (dn, reason, target, nanos) -> {
    };
    private volatile boolean closed;

    public ChangeFollower(String baseUrl, String name) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/directory/changes"))
                .header("Accept", "text/event-stream").build();
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
            }
            stream = response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + request.uri(), e);
        }
        reader = new Thread(this::read, "bench-follow-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Waits until the feed's snapshot is in, so that every event read from then on is a live change. */
    public void awaitSnapshot(Duration timeout) throws InterruptedException {
        if (!snapshotDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(reader.getName() + ": no snapshot within " + timeout.toSeconds() + " s");
        }
    }

    /** The DN's routing reason as the feed last said it ({@code HOME}, {@code LOGGED_IN}), or null. */
    public String reason(String dn) {
        return reasons.get(dn);
    }

    @Override
    public void close() {
        closed = true;
        try {
            stream.close();
        } catch (IOException e) {
            // the stream is being abandoned either way
        }
        reader.interrupt();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String event = "message";
            String data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    dispatch(event, data, System.nanoTime());
                    event = "message";
                    data = null;
                } else if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    data = line.substring("data:".length()).strip();
                }
            }
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException(reader.getName() + ": the change feed broke", e);
            }
        }
    }

    private void dispatch(String event, String data, long nanos) throws IOException {
        switch (event) {
            case "snapshot", "change" -> {
                JsonNode change = JsonHttp.JSON.readTree(data);
                String dn = change.path("dn").asText();
                String reason = change.path("reason").asText();
                reasons.put(dn, reason);
                if (event.equals("change")) {
                    listener.changed(dn, reason, change.path("target").asText(null), nanos);
                }
            }
            case "snapshot-end" -> snapshotDone.countDown();
            case "reset" -> reasons.clear();
            default -> {
            }
        }
    }
}
