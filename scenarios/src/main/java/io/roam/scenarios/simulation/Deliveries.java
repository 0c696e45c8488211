package io.roam.scenarios.simulation;

import io.roam.scenarios.load.Latencies;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The logins of one run of simulated clusters on their way to every other cluster. Each login,
 * known by its origin and sequence number, is due at a time of the schedule and has one other
 * cluster drawn at random as its observer: the latency to that observer is "seen by one other
 * cluster", the latency to the last of the others "seen by all". Receipts come from any
 * consumer thread.
 */
public final class Deliveries {

    private final int clusters;
    /** Every login of the run, kept after it arrived everywhere so that a late copy is still recognised. */
    private final Map<Long, Login> logins = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Latencies one = new Latencies();
    private final Latencies all = new Latencies();
    private final AtomicLong copies = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong strays = new AtomicLong();
    private final AtomicLong unseen = new AtomicLong();
    private final RelayHops hops = new RelayHops();

    public Deliveries(int clusters) {
        if (clusters < 2) {
            throw new IllegalArgumentException("a login needs another cluster to reach, not " + clusters + " cluster(s)");
        }
        this.clusters = clusters;
    }

    /** Before the login is sent, so that no receipt can come first. */
    public void expect(int origin, long seq, long dueNanos, int observer) {
        if (observer == origin || observer < 0 || observer >= clusters) {
            throw new IllegalArgumentException("observer " + observer + " of a login from " + origin);
        }
        if (logins.putIfAbsent(key(origin, seq), new Login(origin, dueNanos, observer, clusters)) != null) {
            throw new IllegalArgumentException("login " + seq + " of " + origin + " expected twice");
        }
        hops.due(origin, seq, dueNanos);
        pending.incrementAndGet();
    }

    /** A login read by {@code receiver} at {@code nowNanos}; a login not of this run is counted by {@link #copied}. */
    public void received(int receiver, int origin, long seq, long nowNanos) {
        Login login = logins.get(key(origin, seq));
        if (login == null) {
            return;
        }
        long latency = nowNanos - login.dueNanos;
        switch (login.receive(receiver)) {
            case DUPLICATE -> duplicates.incrementAndGet();
            case OBSERVER -> one.recordNanos(latency);
            case LAST -> {
                all.recordNanos(latency);
                pending.decrementAndGet();
            }
            case OBSERVER_AND_LAST -> {
                one.recordNanos(latency);
                all.recordNanos(latency);
                pending.decrementAndGet();
            }
            case OTHER, TOO_LATE -> {
                // a copy like any other: counted, no latency of its own
            }
        }
    }

    /** A record on the broker that holds a copy of a login: on a hub's mesh, or on its feed for all its spokes. */
    void copied(int origin, long seq) {
        if (logins.containsKey(key(origin, seq))) {
            copies.incrementAndGet();
        } else {
            strays.incrementAndGet();
        }
    }

    int pending() {
        return pending.get();
    }

    /**
     * Ends the run: a login not yet seen everywhere counts at {@code nowNanos} (a lower bound of
     * its latency) where it is still missing; copies that come later change nothing.
     */
    void giveUp(long nowNanos) {
        for (Login login : logins.values()) {
            Login.Missing missing = login.giveUp();
            long latency = nowNanos - login.dueNanos;
            if (missing != Login.Missing.NONE) {
                if (missing == Login.Missing.OBSERVER) {
                    one.recordNanos(latency);
                }
                all.recordNanos(latency);
                pending.decrementAndGet();
                unseen.incrementAndGet();
            }
        }
    }

    public Latencies one() {
        return one;
    }

    public Latencies all() {
        return all;
    }

    /** Where the time of the logins read through two hubs went. */
    public RelayHops hops() {
        return hops;
    }

    public long expected() {
        return logins.size();
    }

    /** Copies of this run's logins read on meshes and feeds. */
    public long copies() {
        return copies.get();
    }

    /** A cluster that read a login twice, or its own login: the relay's exactly-once or loop rule broken. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Copies of logins that are not this run's. */
    public long strays() {
        return strays.get();
    }

    /** Logins some cluster had not read when the run gave up. */
    public long unseen() {
        return unseen.get();
    }

    private static long key(int origin, long seq) {
        return (long) origin << 40 | seq;
    }

    /** One login: which clusters have read it. */
    private static final class Login {

        enum Receipt { OTHER, OBSERVER, LAST, OBSERVER_AND_LAST, DUPLICATE, TOO_LATE }

        /** What a login given up on still missed: some clusters but its observer, or its observer too. */
        enum Missing { NONE, OTHERS, OBSERVER }

        final int origin;
        final long dueNanos;
        final int observer;
        private final BitSet seen;
        private int missing;
        private boolean givenUp;

        Login(int origin, long dueNanos, int observer, int clusters) {
            this.origin = origin;
            this.dueNanos = dueNanos;
            this.observer = observer;
            this.seen = new BitSet(clusters);
            this.missing = clusters - 1;
        }

        synchronized Receipt receive(int receiver) {
            // Its own cluster must never get it back: that is a loop, reported as a duplicate.
            if (receiver == origin || seen.get(receiver)) {
                return Receipt.DUPLICATE;
            }
            seen.set(receiver);
            if (givenUp) {
                return Receipt.TOO_LATE;
            }
            missing--;
            if (missing == 0) {
                return receiver == observer ? Receipt.OBSERVER_AND_LAST : Receipt.LAST;
            }
            return receiver == observer ? Receipt.OBSERVER : Receipt.OTHER;
        }

        synchronized Missing giveUp() {
            if (missing == 0 || givenUp) {
                return Missing.NONE;
            }
            givenUp = true;
            return seen.get(observer) ? Missing.OTHERS : Missing.OBSERVER;
        }
    }
}
