package io.roam.spoke.replication;

import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.login.MultipleLoginBehavior;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClockGuardTest {

    private final SpokeProperties properties = new SpokeProperties("cluster-1", "hub-a", null, "t", false,
            new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 5, Duration.ofMinutes(5)),
            new SpokeProperties.Replication(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), 500, Duration.ZERO));
    private final OriginTracker origins = new OriginTracker(new LocalCluster("cluster-1", "hub-a"), properties,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private final ClockGuard guard = new ClockGuard(origins, properties);

    @Test
    void a_spoke_in_step_with_its_peers_accepts_logins() {
        long now = System.currentTimeMillis();
        origins.heartbeat("cluster-2", 1, now + 40, now);
        origins.heartbeat("cluster-3", 1, now - 30, now);

        assertThat(guard.refusal()).isEmpty();
    }

    @Test
    void a_spoke_whose_clock_runs_ahead_of_its_peers_refuses_logins() {
        long now = System.currentTimeMillis();
        origins.heartbeat("cluster-2", 1, now - 9_000, now);
        origins.heartbeat("cluster-3", 1, now - 8_000, now);
        origins.heartbeat("cluster-4", 1, now + 10, now);

        assertThat(guard.refusal()).hasValueSatisfying(reason -> assertThat(reason).contains("ms off its peers"));
    }

    @Test
    void one_peer_with_a_wrong_clock_does_not_stop_the_others() {
        long now = System.currentTimeMillis();
        origins.heartbeat("cluster-2", 1, now + 60_000, now);
        origins.heartbeat("cluster-3", 1, now + 5, now);
        origins.heartbeat("cluster-4", 1, now - 5, now);

        assertThat(guard.refusal()).isEmpty();
    }
}
