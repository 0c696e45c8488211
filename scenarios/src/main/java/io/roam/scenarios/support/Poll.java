package io.roam.scenarios.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bounded poll: evaluates a condition at a fixed interval until it holds or a deadline passes.
 * The condition answers what does not hold yet, so a timeout can say exactly what was missing.
 */
public final class Poll {

    /** Short next to the replication latency being measured, long next to one local HTTP call. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);

    private Poll() {
    }

    /** Thrown when the deadline passed with complaints left. */
    public static final class NotConverged extends RuntimeException {

        private final List<String> complaints;

        NotConverged(Duration timeout, List<String> complaints) {
            super("still not true after " + timeout.toMillis() + " ms: " + String.join("; ", complaints));
            this.complaints = List.copyOf(complaints);
        }

        public List<String> complaints() {
            return complaints;
        }
    }

    /**
     * Polls until {@code complaints} returns an empty list.
     *
     * @param sinceNanos the {@link System#nanoTime()} the measurement starts at (e.g. an acknowledgement)
     * @return the time from {@code sinceNanos} until the condition held
     */
    public static Duration until(long sinceNanos, Duration timeout, Duration interval, Supplier<List<String>> complaints) {
        long deadline = sinceNanos + timeout.toNanos();
        while (true) {
            List<String> open = complaints.get();
            long now = System.nanoTime();
            if (open.isEmpty()) {
                return Duration.ofNanos(now - sinceNanos);
            }
            if (now - deadline > 0) {
                throw new NotConverged(timeout, open);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(interval.toNanos(), deadline - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while polling", e);
            }
        }
    }
}
