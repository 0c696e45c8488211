package io.roam.scenarios.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.JsonHttp;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.load.Http1Connection;
import io.roam.scenarios.load.ThreadConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The superusers and phones of a bench, {@code size} of each: user i has DN {@code firstDn + i}
 * and logs in on phone i. Provisioned at one spoke (their home) over HTTP.
 */
public record BenchFleet(String prefix, long firstDn, int size) {

    static final String PIN = "1234";
    private static final int PROVISIONING_CONNECTIONS = 6;
    private static final int LOOKUP_BATCH = 1000;

    String user(int i) {
        return prefix + "-u" + i;
    }

    String device(int i) {
        return "SEP" + prefix.toUpperCase() + i;
    }

    String dn(int i) {
        return Long.toString(firstDn + i);
    }

    String loginBody(int i) {
        return "{\"device\":\"" + device(i) + "\",\"userId\":\"" + user(i) + "\",\"pin\":\"" + PIN + "\"}";
    }

    String logoutBody(int i) {
        return "{\"device\":\"" + device(i) + "\"}";
    }

    /** A lookup body for the DNs of these users. */
    String lookupBody(List<Integer> users) {
        return users.stream().map(i -> "\"" + dn(i) + "\"").collect(Collectors.joining(",", "{\"dns\":[", "]}"));
    }

    /** Defines every user (a superuser, so it may log in anywhere) and every phone at this spoke. */
    public void provision(String spokeUrl) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(PROVISIONING_CONNECTIONS);
        try (ThreadConnections connections = new ThreadConnections(spokeUrl, SpokeClient.DEFAULT_ADMIN_TOKEN)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    Http1Connection http = connections.get();
                    require(http.put("/api/v1/admin/users/" + user(n),
                            "{\"pin\":\"" + PIN + "\",\"dns\":[\"" + dn(n) + "\"],\"superuser\":true}"), "user " + user(n));
                    require(http.put("/api/v1/admin/devices/" + device(n), "{\"emEnabled\":true}"), "device " + device(n));
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("provisioning " + prefix + " at " + spokeUrl + " failed: "
                    + e.getCause().getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until the spoke's directory knows every DN of the fleet (they replicate from the home). */
    public void awaitKnownAt(String spokeUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Http1Connection http = new Http1Connection(spokeUrl, null)) {
            for (int from = 0; from < size; ) {
                List<Integer> batch = IntStream.range(from, Math.min(size, from + LOOKUP_BATCH)).boxed().toList();
                if (unknownIn(http.post("/api/v1/directory/lookup", lookupBody(batch))) == 0) {
                    from += batch.size();
                } else if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(spokeUrl + " does not know the DNs of " + prefix + " after " + timeout);
                } else {
                    Thread.sleep(200);
                }
            }
        }
    }

    private static long unknownIn(Http1Connection.Response response) {
        require(response, "lookup");
        try {
            JsonNode results = JsonHttp.JSON.readTree(response.body()).path("results");
            long unknown = 0;
            for (JsonNode result : results) {
                if ("UNKNOWN".equals(result.path("state").asText())) {
                    unknown++;
                }
            }
            return unknown;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Http1Connection.Response require(Http1Connection.Response response, String what) {
        if (!response.isOk()) {
            throw new IllegalStateException(what + ": HTTP " + response.status() + " " + response.text());
        }
        return response;
    }
}
