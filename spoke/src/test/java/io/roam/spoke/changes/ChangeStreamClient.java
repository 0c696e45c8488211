package io.roam.spoke.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A call router following {@code GET /api/v1/directory/changes}, as a test sees it: every event
 * it received, in order, and how many heartbeats. It reads the wire format itself (java.net.http),
 * so the test checks what a router would parse, not what Spring meant to send.
 */
final class ChangeStreamClient implements AutoCloseable {

    record Event(String name, String id, JsonNode data) {

        String dn() {
            return data.path("dn").asText(null);
        }

        /** What a router keeps of a change: where calls to the DN go now, and why. */
        String answer() {
            return dn() + "->" + data.path("target").asText("none") + "/" + data.path("reason").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final Stream<String> lines;
    private final Thread reader;
    private final int status;
    private volatile boolean closed;

    private ChangeStreamClient(HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            this.status = response.statusCode();
            this.lines = response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        this.reader = new Thread(this::read, "change-stream-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Follows the feed from the start: a snapshot, then changes. */
    static ChangeStreamClient follow(int port) {
        return new ChangeStreamClient(request(port, "").build());
    }

    /** Reconnects as an EventSource does, with the id of the last event it received. */
    static ChangeStreamClient resume(int port, String lastEventId) {
        return new ChangeStreamClient(request(port, "").header("Last-Event-ID", lastEventId).build());
    }

    static ChangeStreamClient from(int port, String position) {
        return new ChangeStreamClient(request(port, "?from=" + position).build());
    }

    private static HttpRequest.Builder request(int port, String query) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/directory/changes" + query))
                .header("Accept", "text/event-stream");
    }

    private void read() {
        String name = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (closed) {
                    return;
                }
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name == null ? "message" : name, id, JSON.readTree(data.toString())));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    heartbeats.incrementAndGet();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the stream ended: the spoke stopped or the test closed it
        } catch (IllegalStateException e) {
            // the test closed it before this thread began to read (a refused stream is closed at once)
        }
    }

    int status() {
        return status;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    List<Event> changes() {
        return named("change");
    }

    boolean snapshotEnded() {
        return !named("snapshot-end").isEmpty();
    }

    /** The id of the last event that had one: what an EventSource would send on reconnecting. */
    String lastEventId() {
        String last = null;
        for (Event event : events) {
            if (event.id() != null) {
                last = event.id();
            }
        }
        return last;
    }

    /** The router's cache after every event so far: a reset empties it, a snapshot or a change fills it. */
    Map<String, String> cache() {
        Map<String, String> cache = new HashMap<>();
        for (Event event : events) {
            switch (event.name()) {
                case "reset" -> cache.clear();
                case "snapshot", "change" -> {
                    if (event.data().path("reason").asText().equals("UNKNOWN")) {
                        cache.remove(event.dn());
                    } else {
                        cache.put(event.dn(), event.answer());
                    }
                }
                default -> { }
            }
        }
        return cache;
    }

    int heartbeats() {
        return heartbeats.get();
    }

    boolean ended() {
        return !reader.isAlive();
    }

    /** Hangs up; whatever arrives after this was never received. */
    @Override
    public void close() {
        closed = true;
        lines.close();
    }
}
