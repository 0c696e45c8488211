package io.roam.scenarios.bench;

import io.roam.scenarios.load.Latencies;

/** A login on its way: due at {@code dueNanos}, until every other spoke has shown it. */
final class PendingLogin {
    final int user;
    final long dueNanos;
    private final boolean[] seen;
    private int seenCount;
    private long ackNanos;
    private long everywhereNanos;

    PendingLogin(int user, long dueNanos, int observers) {
        this.user = user;
        this.dueNanos = dueNanos;
        this.seen = new boolean[observers];
    }

    synchronized boolean seenBy(int observer) {
        return seen[observer];
    }

    /** True if this is the first time this observer shows it. */
    synchronized boolean see(int observer, long now) {
        if (seen[observer]) {
            return false;
        }
        seen[observer] = true;
        if (++seenCount == seen.length) {
            everywhereNanos = now;
        }
        return true;
    }

    synchronized boolean seenEverywhere() {
        return seenCount == seen.length;
    }

    /** Records answer → everywhere once both are known (a spoke may show the login before its answer arrives). */
    synchronized void acked(long now, Latencies ackToEverywhere) {
        ackNanos = now;
        if (everywhereNanos != 0) {
            ackToEverywhere.recordNanos(everywhereNanos - ackNanos);
        }
    }

    synchronized void everywhere(Latencies ackToEverywhere) {
        if (ackNanos != 0) {
            ackToEverywhere.recordNanos(everywhereNanos - ackNanos);
        }
    }
}
