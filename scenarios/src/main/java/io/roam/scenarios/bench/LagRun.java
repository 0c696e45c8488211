package io.roam.scenarios.bench;

import io.roam.scenarios.load.Latencies;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The project's logins at one rate of figure 1: their latencies and errors, from the schedule's
 * start to the last login seen everywhere.
 */
final class LagRun {

    final int rate;
    final Latencies login = new Latencies();
    final Latencies everywhere = new Latencies();
    final Latencies ackToEverywhere = new Latencies();
    final Map<String, Latencies> perObserver = new LinkedHashMap<>();
    final Map<Integer, AtomicLong> errorsByStatus = new ConcurrentSkipListMap<>();
    /** The first answer of each failing status, to say why. */
    final Map<Integer, String> errorSamples = new ConcurrentSkipListMap<>();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong lastAckNanos = new AtomicLong();
    private final Duration duration;
    long startNanos;
    long unseen;

    LagRun(int rate, Duration duration, Collection<String> observers) {
        this.rate = rate;
        this.duration = duration;
        observers.forEach(cluster -> perObserver.put(cluster, new Latencies()));
    }

    void error(int status, String answer) {
        errorsByStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        errorSamples.putIfAbsent(status, answer);
    }

    /** "0", or e.g. "12 (503: 12)"; status 0 is a connection failure. */
    String errors() {
        long total = errorsByStatus.values().stream().mapToLong(AtomicLong::get).sum();
        if (total == 0) {
            return "0";
        }
        StringBuilder text = new StringBuilder().append(total).append(" (");
        errorsByStatus.forEach((status, count) ->
                text.append(status == 0 ? "io" : status).append(": ").append(count.get()).append(' '));
        return text.toString().strip() + ")";
    }

    double achieved() {
        double seconds = Math.max(duration.toNanos(), lastAckNanos.get() - startNanos) / 1e9;
        return acked.get() / seconds;
    }
}
