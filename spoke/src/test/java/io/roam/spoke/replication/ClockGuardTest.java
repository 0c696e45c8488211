package io.roam.spoke.replication;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.events.ClusterHeartbeat;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.MultipleLoginBehavior;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard over offsets measured one way, as from peers that report no delays (older spokes). */
class ClockGuardTest {

    private static final long WINDOW_MILLIS = 30_000;

    private final SpokeProperties properties = new SpokeProperties("cluster-1", "hub-a", null, "t", false, null, null,
            new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 5, Duration.ofMinutes(5), false, "", false, true),
            new SpokeProperties.Replication(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
                    Duration.ofMillis(WINDOW_MILLIS), 500, Duration.ZERO, Duration.ofSeconds(60)));
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final OriginTracker origins = new OriginTracker(new LocalCluster("cluster-1", "hub-a"), properties,
            new SimpleMeterRegistry(), clock::get);
    private final ClockGuard guard = new ClockGuard(origins, properties);

    @Test
    void a_spoke_in_step_with_its_peers_accepts_logins() {
        heartbeat("cluster-2", clock.get() + 40);
        heartbeat("cluster-3", clock.get() - 30);

        assertThat(guard.refusal()).isEmpty();
    }

    @Test
    void a_spoke_whose_clock_runs_ahead_of_its_peers_refuses_logins() {
        heartbeat("cluster-2", clock.get() - 9_000);
        heartbeat("cluster-3", clock.get() - 8_000);
        heartbeat("cluster-4", clock.get() + 10);

        assertThat(guard.refusal()).hasValueSatisfying(reason -> assertThat(reason).contains("8000 ms off its peers"));
    }

    @Test
    void one_peer_with_a_wrong_clock_does_not_stop_the_others() {
        heartbeat("cluster-2", clock.get() + 60_000);
        heartbeat("cluster-3", clock.get() + 5);
        heartbeat("cluster-4", clock.get() - 5);

        assertThat(guard.refusal()).isEmpty();
    }

    @Test
    void a_delay_spike_is_not_skew_while_a_prompt_heartbeat_is_in_the_window() {
        List<String> peers = List.of("cluster-2", "cluster-3", "cluster-4");
        peers.forEach(peer -> heartbeat(peer, clock.get() - 50));

        for (long second = 1; second < WINDOW_MILLIS / 1000; second++) {
            clock.addAndGet(1_000);
            peers.forEach(peer -> heartbeat(peer, clock.get() - 8_000));
            assertThat(guard.refusal()).as("second %d", second).isEmpty();
        }
    }

    @Test
    void one_way_a_delay_sustained_past_the_window_reads_as_skew() {
        List<String> peers = List.of("cluster-2", "cluster-3", "cluster-4");
        peers.forEach(peer -> heartbeat(peer, clock.get() - 50));

        for (long second = 1; second <= WINDOW_MILLIS / 1000; second++) {
            clock.addAndGet(1_000);
            peers.forEach(peer -> heartbeat(peer, clock.get() - 8_000));
        }

        assertThat(guard.refusal()).hasValueSatisfying(reason -> assertThat(reason).contains("8000 ms off its peers"));
    }

    @Test
    void peers_gone_silent_no_longer_count() {
        heartbeat("cluster-2", clock.get() - 9_000);
        heartbeat("cluster-3", clock.get() - 9_000);
        heartbeat("cluster-4", clock.get());
        assertThat(guard.refusal()).isPresent();

        for (int second = 0; second < 11; second++) {
            clock.addAndGet(1_000);
            heartbeat("cluster-4", clock.get());
        }

        assertThat(origins.freshClockOffsets()).containsExactly(0L);
        assertThat(guard.refusal()).isEmpty();
    }

    private void heartbeat(String peer, long sentAt) {
        origins.heartbeat(peer, new ClusterHeartbeat(peer, 1, sentAt, 0), clock.get());
    }
}
