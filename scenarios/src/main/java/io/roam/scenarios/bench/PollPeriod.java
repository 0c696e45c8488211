package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.ReportWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How often a poller asks a node whether a write has arrived there. It bounds the resolution of
 * "visible": a write shows up at the first poll after it arrived, up to a period late.
 */
record PollPeriod(Duration period) {

    static final PollPeriod FINE = new PollPeriod(Duration.ofMillis(2));

    double millis() {
        return period.toNanos() / 1e6;
    }

    /** E.g. "2 ms", for notes and progress lines. */
    String label() {
        return ReportWriter.format(millis()).replaceFirst("\\.0+$", "") + " ms";
    }

    /** Sleeps out the rest of the period that started at {@code roundStart}; returns the next one's start. */
    long pace(long roundStart) {
        long next = roundStart + period.toNanos();
        long left = next - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(left);
            return next;
        }
        return System.nanoTime();
    }
}
