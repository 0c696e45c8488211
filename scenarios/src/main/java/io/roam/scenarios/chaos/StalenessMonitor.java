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
 * Samples every spoke's {@code /replication} once a second. A spoke is stale while any origin it
 * knows is marked stale or while it does not answer; the longest such window is what a caller
 * routing from that spoke could have been misled for.
 */
final class StalenessMonitor {

    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(2);

    /** A time a spoke was stale, in milliseconds from the start of the run. */
    record Window(String cluster, long fromMillis, long toMillis, String reason) {

        long millis() {
            return toMillis - fromMillis;
        }
    }

    private record Open(long sinceMillis, String reason) {
    }

    private final Map<String, SpokeClient> spokes = new TreeMap<>();
    private final long runStartNanos;
    private final ScheduledExecutorService sampler;
    private final Map<String, Open> open = new HashMap<>();
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
            open.forEach((cluster, since) -> windows.add(new Window(cluster, since.sinceMillis(), now, since.reason())));
            open.clear();
        }
    }

    synchronized List<Window> windows() {
        return List.copyOf(windows);
    }

    private void sample(String cluster) {
        String reason = staleness(spokes.get(cluster));
        synchronized (this) {
            long now = now();
            Open since = open.get(cluster);
            if (reason != null && since == null) {
                open.put(cluster, new Open(now, reason));
            } else if (reason == null && since != null) {
                windows.add(new Window(cluster, since.sinceMillis(), now, since.reason()));
                open.remove(cluster);
            }
        }
    }

    /** Why the spoke is stale now, null if it is not. */
    private static String staleness(SpokeClient spoke) {
        ApiResponse answer;
        try {
            answer = spoke.replication();
        } catch (UncheckedIOException e) {
            return "unreachable";
        }
        if (!answer.isOk()) {
            return "HTTP " + answer.status();
        }
        List<String> stale = new ArrayList<>();
        for (JsonNode origin : answer.body().path("origins")) {
            if (origin.path("stale").asBoolean()) {
                stale.add(origin.path("origin").asText());
            }
        }
        return stale.isEmpty() ? null : "stale origins " + stale;
    }

    private long now() {
        return (System.nanoTime() - runStartNanos) / 1_000_000;
    }
}
