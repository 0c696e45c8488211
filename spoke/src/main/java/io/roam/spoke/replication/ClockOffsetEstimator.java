package io.roam.spoke.replication;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Estimates a peer's clock offset from two-way heartbeat delays, windowed minima.
 *
 * <p>A heartbeat's apparent delay, our receive time minus the peer's wall time, is transport
 * delay minus the offset (peer clock minus ours): one direction alone cannot tell a sustained
 * delay from skew. The peer reports the same measurement of our heartbeats, which is transport
 * delay plus the offset; half their difference cancels delay that is the same both ways, as NTP
 * does. Each side keeps the minimum over the window, the sample least inflated by queueing.
 *
 * <p>Until the peer reports us (an older peer never does) the offset is minus our windowed
 * minimum alone. That overstates skew by the smallest delay in the window, so it holds only
 * while some heartbeat arrives promptly within the window.
 *
 * <p>Written by the applier thread and read by the publisher's, hence synchronized.
 */
final class ClockOffsetEstimator {

    private static final long BUCKET_MILLIS = 1000;

    /** One minimum per second of the window, overwritten as the window moves on. */
    private final long[] bucketSecond;
    private final long[] bucketMin;

    ClockOffsetEstimator(long windowMillis) {
        int buckets = (int) Math.max(1, (windowMillis + BUCKET_MILLIS - 1) / BUCKET_MILLIS);
        bucketSecond = new long[buckets];
        bucketMin = new long[buckets];
        Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    /**
     * Takes one heartbeat of the peer and returns the offset, peer clock minus ours, that it
     * leads to. {@code reportedDelay} is the peer's windowed minimum apparent delay of our
     * heartbeats, null when it reports none.
     */
    synchronized long heartbeat(long sentAt, long receivedAt, Long reportedDelay) {
        long second = Math.floorDiv(receivedAt, BUCKET_MILLIS);
        int slot = (int) Math.floorMod(second, (long) bucketSecond.length);
        long delay = receivedAt - sentAt;
        if (bucketSecond[slot] != second) {
            bucketSecond[slot] = second;
            bucketMin[slot] = delay;
        } else {
            bucketMin[slot] = Math.min(bucketMin[slot], delay);
        }
        long ours = apparentDelay(receivedAt).getAsLong();
        return reportedDelay == null ? -ours : Math.floorDiv(reportedDelay - ours, 2);
    }

    /** The smallest apparent delay of the peer's heartbeats within the window ending now; empty when none. */
    synchronized OptionalLong apparentDelay(long now) {
        long second = Math.floorDiv(now, BUCKET_MILLIS);
        long oldest = second - bucketSecond.length + 1;
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < bucketSecond.length; i++) {
            if (bucketSecond[i] >= oldest && bucketSecond[i] <= second) {
                min = Math.min(min, bucketMin[i]);
                any = true;
            }
        }
        return any ? OptionalLong.of(min) : OptionalLong.empty();
    }
}
