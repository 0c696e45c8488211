package io.roam.spoke.replication;

import io.roam.events.ClusterHeartbeat;
import io.roam.events.HybridLogicalClock;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.Freshness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What this spoke knows of each origin cluster's stream: position, lag, silence, clock offset,
 * and how long it has been waiting on a gap: the origin announced events this spoke has not
 * applied, and none has been applied since.
 */
@Component
public class OriginTracker implements Freshness {

    private final String localCluster;
    private final long staleAfterMillis;
    private final long clockWindowMillis;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final LongSupplier wallClock;

    @Autowired
    public OriginTracker(LocalCluster cluster, SpokeProperties properties, MeterRegistry meters) {
        this(cluster, properties, meters, System::currentTimeMillis);
    }

    OriginTracker(LocalCluster cluster, SpokeProperties properties, MeterRegistry meters, LongSupplier wallClock) {
        this.localCluster = cluster.id();
        this.staleAfterMillis = properties.replication().staleAfter().toMillis();
        this.clockWindowMillis = properties.replication().clockWindow().toMillis();
        this.meters = meters;
        this.wallClock = wallClock;
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
        /** Wall time since which the origin is behind without progress; 0 while it is not. */
        volatile long waitingSince;
        final ClockOffsetEstimator clock;
        Timer lag;
        Counter applied;

        Origin(String id, ClockOffsetEstimator clock) {
            this.id = id;
            this.clock = clock;
        }
    }

    /**
     * {@code lastHeardAt}: when anything from the origin last arrived, heartbeats included; null before
     * the first. {@code waitingSince}: null unless events are announced that have not arrived in order
     * since then.
     */
    public record OriginStatus(String origin, long lastSeq, long lagMs, Long lastEventAt, Long lastHeardAt,
                               long clockOffsetMs, boolean stale, long behind, Long waitingSince) {
    }

    Origin origin(String id) {
        return origins.computeIfAbsent(id, this::register);
    }

    /** One set of meters per origin cluster: a handful of clusters, never per user or DN. */
    private Origin register(String id) {
        Origin o = new Origin(id, new ClockOffsetEstimator(clockWindowMillis));
        o.lag = Timer.builder("roam.replication.lag")
                .description("event committed at the origin until applied here")
                .tag("origin", id).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(meters);
        o.applied = Counter.builder("roam.events.applied").description("foreign events applied")
                .tag("origin", id).register(meters);
        Gauge.builder("roam.origin.last.heard.age", o, x -> x.lastHeardAt == 0 ? Double.NaN
                        : (wallClock.getAsLong() - x.lastHeardAt) / 1000.0)
                .description("seconds since anything (event or heartbeat) arrived from the origin")
                .baseUnit("seconds").tag("origin", id).register(meters);
        Gauge.builder("roam.origin.clock.offset", o, x -> x.clockOffsetMillis / 1000.0)
                .description("origin wall clock minus ours, from heartbeat delays both ways")
                .baseUnit("seconds").tag("origin", id).register(meters);
        Gauge.builder("roam.origin.gap.wait", o, x -> waitingMillis(x) / 1000.0)
                .description("seconds this spoke has been waiting on a gap in the origin's sequence (0: none)")
                .baseUnit("seconds").tag("origin", id).register(meters);
        Gauge.builder("roam.origin.stale", o, x -> isStale(x.id) ? 1 : 0)
                .description("1 while nothing arrived from the origin for longer than the stale threshold")
                .tag("origin", id).register(meters);
        return o;
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
        o.lag.record(Duration.ofMillis(o.lagMillis));
        o.applied.increment();
        progressed(o, now);
    }

    /** A sequence number taken by a refused record: the origin's stream goes on after it. */
    void skipped(String origin, long seq) {
        Origin o = origin(origin);
        o.lastSeq = Math.max(o.lastSeq, seq);
        progressed(o, wallClock.getAsLong());
    }

    void heard(String origin, long now) {
        origin(origin).lastHeardAt = now;
    }

    void heartbeat(String origin, ClusterHeartbeat heartbeat, long now) {
        Origin o = origin(origin);
        o.lastHeardAt = now;
        o.announcedSeq = heartbeat.lastSequence();
        if (o.announcedSeq <= o.lastSeq) {
            o.waitingSince = 0;
        } else if (o.waitingSince == 0) {
            o.waitingSince = now;
        }
        o.clockOffsetMillis = o.clock.heartbeat(heartbeat.wallTimeMillis(), now,
                heartbeat.apparentDelays().get(localCluster));
    }

    /** Progress restarts the wait: a long backlog that is being applied is no stall. */
    private static void progressed(Origin o, long now) {
        o.waitingSince = o.announcedSeq > o.lastSeq ? now : 0;
    }

    private long waitingMillis(Origin o) {
        long since = o.waitingSince;
        return since == 0 ? 0 : Math.max(0, wallClock.getAsLong() - since);
    }

    /** The origins this spoke has waited on for longer than {@code limitMillis}, with how long, longest first. */
    public List<Map.Entry<String, Long>> waitingLongerThan(long limitMillis) {
        return origins.values().stream().map(o -> Map.entry(o.id, waitingMillis(o)))
                .filter(e -> e.getValue() > limitMillis)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    /**
     * For this cluster's heartbeat: each origin heard within the clock window, and the smallest
     * apparent delay of its heartbeats there, for it to set against its own measurement of ours.
     */
    public Map<String, Long> apparentDelays() {
        long now = wallClock.getAsLong();
        Map<String, Long> delays = new HashMap<>();
        for (Origin o : origins.values()) {
            o.clock.apparentDelay(now).ifPresent(delay -> delays.put(o.id, delay));
        }
        return delays;
    }

    @Override
    public long freshnessMillis(String cluster) {
        if (localCluster.equals(cluster)) {
            return 0;
        }
        Origin o = origins.get(cluster);
        return o == null || o.lastHeardAt == 0 ? -1 : Math.max(0, wallClock.getAsLong() - o.lastHeardAt);
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
                        o.lastHeardAt == 0 ? null : o.lastHeardAt, o.clockOffsetMillis, isStale(o.id), Math.max(0, o.announcedSeq - o.lastSeq),
                        o.waitingSince == 0 ? null : o.waitingSince))
                .toList();
    }
}
