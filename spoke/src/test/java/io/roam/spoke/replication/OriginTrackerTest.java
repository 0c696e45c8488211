package io.roam.spoke.replication;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.login.MultipleLoginBehavior;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Freshness and staleness, as GET /route reports them in freshnessMs and targetStale. */
class OriginTrackerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OriginTracker origins = new OriginTracker(new LocalCluster("cluster-1", "hub-a"),
            new SpokeProperties("cluster-1", "hub-a", null, "t", false,
                    new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 5, Duration.ofMinutes(5)),
                    new SpokeProperties.Replication(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
                            500, Duration.ZERO)),
            meters);

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
        long now = System.currentTimeMillis();
        origins.heartbeat("cluster-2", 4, now, now);
        origins.heartbeat("cluster-3", 9, now - 20_000, now - 20_000);

        assertThat(origins.isStale("cluster-2")).isFalse();
        assertThat(origins.freshnessMillis("cluster-2")).isLessThan(10_000);
        assertThat(origins.isStale("cluster-3")).isTrue();
        assertThat(origins.freshnessMillis("cluster-3")).isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void applied_events_move_the_position_and_feed_the_lag_histogram() {
        long now = System.currentTimeMillis();
        origins.applied("cluster-2", 1, io.roam.events.HybridLogicalClock.pack(now - 40, 0), now);
        origins.heartbeat("cluster-2", 3, now, now);

        OriginTracker.OriginStatus status = origins.statuses(List.of("cluster-2")).iterator().next();
        assertThat(status.lastSeq()).isEqualTo(1);
        assertThat(status.behind()).isEqualTo(2);
        assertThat(status.lagMs()).isEqualTo(40);
        assertThat(meters.get("roam.replication.lag").tag("origin", "cluster-2").timer().count()).isEqualTo(1);
    }
}
