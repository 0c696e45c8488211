package io.roam.spoke.changes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The latest changes in position order, and the floor: every change after the floor is here.
 *
 * <p>Nothing older is kept, in memory or in the store, on purpose: a change carries the DN's
 * answer at that point of the store's history, and recovering it for an older position would
 * mean replaying the store into a second directory, twice the spoke's largest structure. A
 * router that far behind is better served by the current map, so it gets a snapshot instead.
 * Each change holds one DN's answer; readers copy out under a short lock, so one slow reader
 * never holds up the writer or another reader.
 */
final class ChangeRing {

    record Entry(Position at, RouteChange change) {
    }

    /** Changes after the cursor; or, when the cursor is below the floor and the changes after it are gone, why. */
    record Read(List<Entry> entries, ResetReason behind) {
    }

    private final Entry[] slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    /** Sequence numbers of the oldest kept and the next appended entry; slot = sequence mod capacity. */
    private long oldest;
    private long next;
    private Position floor;
    private ResetReason floorRaisedBy = ResetReason.EXPIRED;

    ChangeRing(int capacity, Position floor) {
        this.slots = new Entry[capacity];
        this.floor = floor;
    }

    void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Entry entry : entries) {
                if (next - oldest == slots.length) {
                    floor = slot(oldest).at();
                    floorRaisedBy = ResetReason.FELL_BEHIND;
                    slots[(int) (oldest % slots.length)] = null;
                    oldest++;
                }
                slots[(int) (next % slots.length)] = entry;
                next++;
            }
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Position floor() {
        lock.lock();
        try {
            return floor;
        } finally {
            lock.unlock();
        }
    }

    /** The last change appended, or the floor when none is kept: a snapshot taken now stands there. */
    Position newest() {
        lock.lock();
        try {
            return next > oldest ? slot(next - 1).at() : floor;
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} changes after the cursor, waiting up to {@code wait} for one. */
    Read after(Position cursor, int max, Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                if (cursor.compareTo(floor) < 0) {
                    return new Read(List.of(), floorRaisedBy);
                }
                long first = firstAfter(cursor);
                if (first < next) {
                    List<Entry> entries = new ArrayList<>((int) Math.min(max, next - first));
                    for (long s = first; s < next && entries.size() < max; s++) {
                        entries.add(slot(s));
                    }
                    return new Read(entries, null);
                }
                if (nanos <= 0) {
                    return new Read(List.of(), null);
                }
                nanos = grown.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return (int) (next - oldest);
        } finally {
            lock.unlock();
        }
    }

    private long firstAfter(Position cursor) {
        long low = oldest;
        long high = next;
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (slot(mid).at().isAfter(cursor)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private Entry slot(long sequence) {
        return slots[(int) (sequence % slots.length)];
    }
}
