package io.roam.scenarios.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Open-loop load: the i-th call is due at {@code start + i / rate} whatever became of the earlier
 * ones, and is handed over with that due time. Callers measure latency from the due time, so a
 * stalled server shows up as the queueing its clients would suffer (coordinated omission
 * accounted for) instead of as a pause in the load. When the scheduler itself falls behind, it
 * hands over the overdue calls at once with their original due times; it never skips one.
 */
public final class FixedRateScheduler {

    /** Time source and sleep, replaced in tests. */
    interface Ticker {
        long nanoTime();

        void sleepUntil(long deadlineNanos);

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadlineNanos) {
                for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
        };
    }

    private final Ticker ticker;

    FixedRateScheduler(Ticker ticker) {
        this.ticker = ticker;
    }

    public FixedRateScheduler() {
        this(Ticker.SYSTEM);
    }

    /** Calls due in {@code duration} at {@code ratePerSecond}. */
    public static long callCount(double ratePerSecond, Duration duration) {
        return Math.round(ratePerSecond * duration.toNanos() / 1e9);
    }

    /**
     * Hands {@code dispatch} every due time, on this thread, and returns the number of calls; the
     * dispatch must only enqueue (a slow one delays the schedule's hand-over, not its due times).
     */
    public long run(double ratePerSecond, Duration duration, LongConsumer dispatch) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("the rate must be positive, not " + ratePerSecond);
        }
        long calls = callCount(ratePerSecond, duration);
        double periodNanos = 1e9 / ratePerSecond;
        long start = ticker.nanoTime();
        for (long i = 0; i < calls; i++) {
            long due = start + (long) (i * periodNanos);
            if (ticker.nanoTime() < due) {
                ticker.sleepUntil(due);
            }
            dispatch.accept(due);
        }
        return calls;
    }
}
