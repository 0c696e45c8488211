package io.roam.spoke.replication;

import io.roam.events.HybridLogicalClock;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.Freshness;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What this spoke knows of each origin cluster's stream: position, lag, silence, clock offset. */
@Component
public class OriginTracker implements Freshness {

    private final String localCluster;
    private final long staleAfterMillis;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    public OriginTracker(LocalCluster cluster, SpokeProperties properties) {
        this.localCluster = cluster.id();
        this.staleAfterMillis = properties.replication().staleAfter().toMillis();
    }

    /** Mutable per-origin counters, written by the applier thread only. */
    public static final class Origin {
        final String id;
        volatile long lastSeq;
        volatile long lastHeardAt;
        volatile long lastEventAt;
        volatile long lagMillis;
        volatile long clockOffsetMillis;
        volatile long announcedSeq;

        Origin(String id) {
            this.id = id;
        }
    }

    public record OriginStatus(String origin, long lastSeq, long lagMs, Long lastEventAt, long clockOffsetMs,
                               boolean stale, long behind) {
    }

    Origin origin(String id) {
        return origins.computeIfAbsent(id, Origin::new);
    }

    void restore(String origin, long lastSeq) {
        origin(origin).lastSeq = lastSeq;
    }

    long lastSeq(String origin) {
        Origin o = origins.get(origin);
        return o == null ? 0 : o.lastSeq;
    }

    void applied(String origin, long seq, long hlc, long now) {
        Origin o = origin(origin);
        o.lastSeq = seq;
        o.lastHeardAt = now;
        o.lastEventAt = now;
        o.lagMillis = Math.max(0, now - HybridLogicalClock.wallMillis(hlc));
    }

    void heard(String origin, long now) {
        origin(origin).lastHeardAt = now;
    }

    void heartbeat(String origin, long lastSequence, long wallTimeMillis, long now) {
        Origin o = origin(origin);
        o.lastHeardAt = now;
        o.announcedSeq = lastSequence;
        o.clockOffsetMillis = wallTimeMillis - now;
    }

    @Override
    public long freshnessMillis(String cluster) {
        if (localCluster.equals(cluster)) {
            return 0;
        }
        Origin o = origins.get(cluster);
        return o == null || o.lastHeardAt == 0 ? -1 : Math.max(0, System.currentTimeMillis() - o.lastHeardAt);
    }

    @Override
    public boolean isStale(String cluster) {
        if (localCluster.equals(cluster)) {
            return false;
        }
        long freshness = freshnessMillis(cluster);
        return freshness < 0 || freshness > staleAfterMillis;
    }

    /** Offsets of the peers heard from recently: a silent peer's last offset says nothing now. */
    public List<Long> freshClockOffsets() {
        List<Long> offsets = new ArrayList<>();
        for (Origin o : origins.values()) {
            if (!isStale(o.id)) {
                offsets.add(o.clockOffsetMillis);
            }
        }
        return offsets;
    }

    public Collection<OriginStatus> statuses(Collection<String> knownClusters) {
        for (String cluster : knownClusters) {
            if (!cluster.equals(localCluster)) {
                origin(cluster);
            }
        }
        return origins.values().stream()
                .sorted((a, b) -> a.id.compareTo(b.id))
                .map(o -> new OriginStatus(o.id, o.lastSeq, o.lagMillis, o.lastEventAt == 0 ? null : o.lastEventAt,
                        o.clockOffsetMillis, isStale(o.id), Math.max(0, o.announcedSeq - o.lastSeq)))
                .toList();
    }
}
