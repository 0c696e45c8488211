package io.roam.spoke.replication;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hand-off from the {@link Outbox} to the {@link Publisher}: numbered envelopes whose
 * transaction has committed, in sequence order, in memory. It is bounded; what it drops, or
 * never held (before a start), the publisher reads from the outbox table instead.
 */
@Component
class CommittedEvents {

    private static final int MAX_QUEUED = 20_000;

    private final ConcurrentLinkedQueue<OutboxStore.Row> rows = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Object signal = new Object();
    private volatile long lastSeq;

    /** Called in commit order, by the committing thread. */
    void add(List<OutboxStore.Row> committed) {
        if (queued.addAndGet(committed.size()) <= MAX_QUEUED) {
            rows.addAll(committed);
        } else {
            queued.addAndGet(-committed.size());
        }
        synchronized (signal) {
            lastSeq = Math.max(lastSeq, committed.get(committed.size() - 1).seq());
            signal.notifyAll();
        }
    }

    /** The highest sequence known committed. */
    long lastSeq() {
        return lastSeq;
    }

    /** What was committed before this process held the queue: the outbox table's last number. */
    void committedBefore(long seq) {
        synchronized (signal) {
            lastSeq = Math.max(lastSeq, seq);
        }
    }

    /**
     * Up to {@code max} rows that follow {@code acked} without a gap; rows at or before it are
     * dropped. Empty when memory does not hold the next one.
     */
    List<OutboxStore.Row> takeAfter(long acked, int max) {
        List<OutboxStore.Row> batch = new ArrayList<>();
        long expected = acked + 1;
        OutboxStore.Row head;
        while (batch.size() < max && (head = rows.peek()) != null && head.seq() <= expected) {
            rows.poll();
            queued.decrementAndGet();
            if (head.seq() == expected) {
                batch.add(head);
                expected++;
            }
        }
        return batch;
    }

    /** Waits until something after {@code acked} is committed, a wake-up, or the time is up. */
    void await(long acked, long millis) throws InterruptedException {
        synchronized (signal) {
            if (lastSeq <= acked && millis > 0) {
                signal.wait(millis);
            }
        }
    }

    void wakeUp() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
