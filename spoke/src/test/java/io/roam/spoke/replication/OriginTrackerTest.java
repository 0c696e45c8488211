package io.roam.spoke.replication;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.events.ClusterHeartbeat;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.MultipleLoginBehavior;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Freshness and staleness, as GET /route reports them in freshnessMs and targetStale; clock offsets from heartbeats. */
class OriginTrackerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final OriginTracker origins = new OriginTracker(new LocalCluster("cluster-1", "hub-a"),
            new SpokeProperties("cluster-1", "hub-a", null, "t", false, null, null,
                    new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 5, Duration.ofMinutes(5), false, "", false, true),
                    new SpokeProperties.Replication(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
                            Duration.ofSeconds(30), 500, Duration.ZERO, Duration.ofSeconds(60))),
            meters, clock::get);

    @Test
    void this_cluster_is_always_fresh() {
        assertThat(origins.freshnessMillis("cluster-1")).isZero();
        assertThat(origins.isStale("cluster-1")).isFalse();
    }

    @Test
    void a_cluster_never_heard_of_is_stale() {
        assertThat(origins.isStale("cluster-9")).isTrue();
    }

    @Test
    void a_heartbeat_makes_a_cluster_fresh_and_silence_makes_it_stale_again() {
        long now = clock.get();
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 4, now, 0), now);
        origins.heartbeat("cluster-3", new ClusterHeartbeat("cluster-3", 9, now - 20_000, 0), now - 20_000);

        assertThat(origins.isStale("cluster-2")).isFalse();
        assertThat(origins.freshnessMillis("cluster-2")).isZero();
        assertThat(origins.isStale("cluster-3")).isTrue();
        assertThat(origins.freshnessMillis("cluster-3")).isEqualTo(20_000);
    }

    @Test
    void applied_events_move_the_position_and_feed_the_lag_histogram() {
        long now = clock.get();
        origins.applied("cluster-2", 1, io.roam.events.HybridLogicalClock.pack(now - 40, 0), now);
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 3, now, 0), now);

        OriginTracker.OriginStatus status = origins.statuses(List.of("cluster-2")).iterator().next();
        assertThat(status.lastSeq()).isEqualTo(1);
        assertThat(status.behind()).isEqualTo(2);
        assertThat(status.lagMs()).isEqualTo(40);
        assertThat(meters.get("roam.replication.lag").tag("origin", "cluster-2").timer().count()).isEqualTo(1);
    }

    @Test
    void delay_the_same_both_ways_cancels_out_of_the_offset() {
        long now = clock.get();
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 1, now - 8_000, 0, Map.of("cluster-1", 8_000L)), now);

        assertThat(origins.freshClockOffsets()).containsExactly(0L);
        assertThat(meters.get("roam.origin.clock.offset").tag("origin", "cluster-2").gauge().value()).isZero();
    }

    @Test
    void a_peer_ahead_by_ten_seconds_is_measured_through_three_seconds_of_delay() {
        long now = clock.get();
        // Its heartbeat took 3 s but is stamped 10 s ahead; ours reached it 3 s late by our clock, 13 s by its.
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 1, now + 7_000, 0, Map.of("cluster-1", 13_000L)), now);

        OriginTracker.OriginStatus status = origins.statuses(List.of()).iterator().next();
        assertThat(status.clockOffsetMs()).isEqualTo(10_000);
        assertThat(meters.get("roam.origin.clock.offset").tag("origin", "cluster-2").gauge().value()).isEqualTo(10.0);
    }

    @Test
    void a_peer_that_reports_no_delay_of_ours_is_measured_one_way_by_the_smallest_delay_in_the_window() {
        long now = clock.get();
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 1, now - 200, 0, Map.of("cluster-3", 5L)), now);
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 2, now + 1_000 - 8_000, 0), now + 1_000);

        assertThat(origins.freshClockOffsets()).containsExactly(-200L);
    }

    @Test
    void this_clusters_heartbeat_reports_the_smallest_delay_of_each_origin_heard_within_the_window() {
        long now = clock.get();
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 1, now - 300, 0), now);
        origins.heartbeat("cluster-2", new ClusterHeartbeat("cluster-2", 2, now + 1_000 - 900, 0), now + 1_000);
        origins.heartbeat("cluster-3", new ClusterHeartbeat("cluster-3", 1, now - 20_000 + 40, 0), now - 20_000);
        origins.heartbeat("cluster-4", new ClusterHeartbeat("cluster-4", 1, now - 40_000, 0), now - 40_000);
        clock.set(now + 2_000);

        assertThat(origins.apparentDelays()).isEqualTo(Map.of("cluster-2", 300L, "cluster-3", -40L));

        clock.set(now + 30_000);
        assertThat(origins.apparentDelays()).isEqualTo(Map.of("cluster-2", 900L));
    }
}
