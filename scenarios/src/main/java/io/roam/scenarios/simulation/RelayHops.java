package io.roam.scenarios.simulation;

import io.roam.scenarios.load.Latencies;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where a login's time goes on its way through two hubs. Each hub stamps the copy it writes with
 * its send time (the record's CreateTime), so a copy read from another hub's feed splits into three
 * stages: from the login's due time until the origin's hub sent it on (its mesh copy), until the
 * other hub sent it on, and until it was read. Milliseconds, the resolution of the timestamps;
 * all clocks are this machine's.
 */
public final class RelayHops {

    /** The stages' latencies over every copy read from another hub's feed whose mesh copy was read too. */
    public record Stages(Latencies toOriginHub, Latencies betweenHubs, Latencies toReader, long copies) {
    }

    private record FarCopy(long login, long sentMillis, long readMillis) {
    }

    private final long wallMinusNanoMillis;
    private final Map<Long, Long> dueMillis = new ConcurrentHashMap<>();
    private final Map<Long, Long> sentByOriginHub = new ConcurrentHashMap<>();
    private final Queue<FarCopy> farCopies = new ConcurrentLinkedQueue<>();

    RelayHops() {
        this(System.currentTimeMillis() - System.nanoTime() / 1_000_000);
    }

    /** @param wallMinusNanoMillis the wall clock's milliseconds less {@link System#nanoTime()}'s */
    RelayHops(long wallMinusNanoMillis) {
        this.wallMinusNanoMillis = wallMinusNanoMillis;
    }

    void due(int origin, long seq, long dueNanos) {
        dueMillis.put(key(origin, seq), wallMillis(dueNanos));
    }

    /** The copy on the origin's hub's mesh, stamped when that hub sent it. */
    void sentByOriginHub(int origin, long seq, long sentMillis) {
        sentByOriginHub.putIfAbsent(key(origin, seq), sentMillis);
    }

    /** A copy on another hub's feed, stamped when that hub sent it, read at {@code readNanos}. */
    void readFromOtherHub(int origin, long seq, long sentMillis, long readNanos) {
        farCopies.add(new FarCopy(key(origin, seq), sentMillis, wallMillis(readNanos)));
    }

    public Stages stages() {
        Latencies toOriginHub = new Latencies();
        Latencies betweenHubs = new Latencies();
        Latencies toReader = new Latencies();
        long copies = 0;
        for (FarCopy copy : farCopies) {
            Long due = dueMillis.get(copy.login());
            Long first = sentByOriginHub.get(copy.login());
            if (due == null || first == null) {
                continue;
            }
            copies++;
            toOriginHub.recordNanos((first - due) * 1_000_000);
            betweenHubs.recordNanos((copy.sentMillis() - first) * 1_000_000);
            toReader.recordNanos((copy.readMillis() - copy.sentMillis()) * 1_000_000);
        }
        return new Stages(toOriginHub, betweenHubs, toReader, copies);
    }

    private long wallMillis(long nanos) {
        return wallMinusNanoMillis + nanos / 1_000_000;
    }

    private static long key(int origin, long seq) {
        return (long) origin << 40 | seq;
    }
}
