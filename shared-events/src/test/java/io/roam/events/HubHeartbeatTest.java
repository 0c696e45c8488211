package io.roam.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubHeartbeatTest {

    private final ClusterHeartbeat sent = new ClusterHeartbeat("cluster-3", 41L, 1_700_000_000_000L, 77L,
            Map.of("cluster-1", 12L, "cluster-2", -4L, "cluster-5", 30L));

    @Test
    void a_beat_held_at_two_hubs_reads_as_the_clusters_heartbeat_sent_when_the_last_hub_passed_it_on() {
        HubHeartbeat.Beat beat = HubHeartbeat.Beat.of(sent).heldFor(350).heldFor(420);

        assertThat(beat.heldMillis()).isEqualTo(770);
        assertThat(beat.asSentAfterHolding())
                .isEqualTo(new ClusterHeartbeat("cluster-3", 41L, 1_700_000_000_770L, 77L, sent.apparentDelays()));
    }

    @Test
    void a_hubs_feed_carries_only_the_delays_its_own_spokes_read() {
        HubHeartbeat.Beat beat = HubHeartbeat.Beat.of(sent).withDelaysOf(List.of("cluster-1", "cluster-2"));

        assertThat(beat.apparentDelays()).isEqualTo(Map.of("cluster-1", 12L, "cluster-2", -4L));
    }

    @Test
    void a_beat_must_name_a_cluster_and_cannot_have_been_held_for_negative_time() {
        assertThatThrownBy(() -> new HubHeartbeat.Beat("a.b", 1, 1, 1, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HubHeartbeat.Beat("cluster-3", 1, 1, 1, -1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HubHeartbeat.Beat.of(sent).heldFor(-5).heldMillis()).as("a clock stepping back holds for nothing").isZero();
    }
}
