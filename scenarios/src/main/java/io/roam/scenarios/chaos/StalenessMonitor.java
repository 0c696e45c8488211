package io.roam.scenarios.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Samples every spoke's {@code /replication} once a second and keeps a window per (spoke, origin):
 * how long that spoke had nothing from that origin (the origin marked stale), or, with origin
 * {@code *}, did not answer at all. The longest window is what a caller routing from that spoke to
 * that origin's users could have been misled for. Per pair, because with a fault every few seconds
 * some origin of nine is nearly always stale, and "any origin stale" would span the whole run.
 */
final class StalenessMonitor {

    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(2);

    /** A time a spoke was stale on an origin ({@code *}: on all), in milliseconds from the start of the run. */
    record Window(String cluster, String origin, long fromMillis, long toMillis, String reason) {

        long millis() {
            return toMillis - fromMillis;
        }
    }

    private record Pair(String cluster, String origin) {
    }

    private record Open(long sinceMillis, String reason) {
    }

    private static final String ALL_ORIGINS = "*";

    private final Map<String, SpokeClient> spokes = new TreeMap<>();
    private final long runStartNanos;
    private final ScheduledExecutorService sampler;
    private final Map<Pair, Open> open = new HashMap<>();
    private final List<Window> windows = new ArrayList<>();

    StalenessMonitor(Map<String, String> spokeUrls, long runStartNanos) {
        spokeUrls.forEach((cluster, url) ->
                spokes.put(cluster, new SpokeClient(url, SpokeClient.DEFAULT_ADMIN_TOKEN, SAMPLE_TIMEOUT)));
        this.runStartNanos = runStartNanos;
        this.sampler = new ScheduledThreadPoolExecutor(spokes.size(), LoadGenerator.daemon("chaos-staleness"));
    }

    void start() {
        // One task per spoke: a frozen spoke delays only its own samples.
        spokes.keySet().forEach(cluster -> sampler.scheduleAtFixedRate(() -> sample(cluster), 0, 1, TimeUnit.SECONDS));
    }

    /** Stops sampling; a spoke still stale now ends its window here. */
    void stop() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(SAMPLE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        synchronized (this) {
            long now = now();
            open.forEach((pair, since) -> windows.add(window(pair, since, now)));
            open.clear();
        }
    }

    synchronized List<Window> windows() {
        return List.copyOf(windows);
    }

    private void sample(String cluster) {
        Map<String, String> stale = staleness(spokes.get(cluster));
        synchronized (this) {
            long now = now();
            stale.forEach((origin, reason) -> open.putIfAbsent(new Pair(cluster, origin), new Open(now, reason)));
            open.entrySet().removeIf(entry -> {
                Pair pair = entry.getKey();
                if (pair.cluster().equals(cluster) && !stale.containsKey(pair.origin())) {
                    windows.add(window(pair, entry.getValue(), now));
                    return true;
                }
                return false;
            });
        }
    }

    private static Window window(Pair pair, Open since, long now) {
        return new Window(pair.cluster(), pair.origin(), since.sinceMillis(), now, since.reason());
    }

    /** The origins the spoke is stale on now, with why; {@code *} when the spoke itself does not answer. */
    private static Map<String, String> staleness(SpokeClient spoke) {
        ApiResponse answer;
        try {
            answer = spoke.replication();
        } catch (UncheckedIOException e) {
            return Map.of(ALL_ORIGINS, "unreachable");
        }
        if (!answer.isOk()) {
            return Map.of(ALL_ORIGINS, "HTTP " + answer.status());
        }
        Map<String, String> stale = new HashMap<>();
        for (JsonNode origin : answer.body().path("origins")) {
            if (origin.path("stale").asBoolean()) {
                stale.put(origin.path("origin").asText(), "nothing from " + origin.path("origin").asText());
            }
        }
        return stale;
    }

    private long now() {
        return (System.nanoTime() - runStartNanos) / 1_000_000;
    }
}
