package io.roam.events;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Hybrid logical clock (Kulkarni et al.), packed in one long: wall milliseconds in the high
 * 48 bits, a logical counter in the low 16. Timestamps it issues are unique and increase, and
 * never run behind any timestamp it has observed, whatever the wall clock does.
 */
public final class HybridLogicalClock {

    private static final int COUNTER_BITS = 16;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    private final LongSupplier wallClock;
    private final AtomicLong last = new AtomicLong();

    public HybridLogicalClock(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    public static HybridLogicalClock systemClock() {
        return new HybridLogicalClock(System::currentTimeMillis);
    }

    /** A new timestamp for a local event. */
    public long tick() {
        return last.updateAndGet(previous -> Math.max(previous + 1, pack(wallClock.getAsLong(), 0)));
    }

    /** Advances past a timestamp received from elsewhere (or restored from the local store). */
    public void observe(long remote) {
        last.accumulateAndGet(remote, Math::max);
    }

    public long current() {
        return last.get();
    }

    public static long pack(long wallMillis, long counter) {
        return (wallMillis << COUNTER_BITS) | (counter & COUNTER_MASK);
    }

    public static long wallMillis(long hlc) {
        return hlc >>> COUNTER_BITS;
    }

    public static long counter(long hlc) {
        return hlc & COUNTER_MASK;
    }
}
