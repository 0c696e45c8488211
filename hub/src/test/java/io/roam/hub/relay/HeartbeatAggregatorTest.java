package io.roam.hub.relay;

import io.roam.events.EventCodec;
import io.roam.events.HubHeartbeat;
import io.roam.events.UndecodableRecord;
import io.roam.hub.membership.ClusterMembership;
import io.roam.hub.membership.Membership;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatAggregatorTest {

    private static final long SECOND = 1_000_000_000L;

    private final EventCodec codec = new EventCodec();
    private final Membership membership = Membership.of("hub-a", List.of("cluster-1", "cluster-2"))
            .learn(new ClusterMembership("cluster-3", "hub-b"));
    private final HeartbeatAggregator aggregator = new HeartbeatAggregator("hub-a", Duration.ofSeconds(1), codec, 0);

    @Test
    void it_is_due_once_an_interval_and_then_an_interval_after_each_heartbeat() {
        assertThat(aggregator.due(SECOND - 1)).isFalse();
        assertThat(aggregator.due(SECOND)).isTrue();

        aggregator.emit(membership, 0, SECOND + 5);

        assertThat(aggregator.due(2 * SECOND)).isFalse();
        assertThat(aggregator.due(2 * SECOND + 5)).isTrue();
    }

    @Test
    void own_beats_go_to_the_mesh_every_beat_to_the_feed_each_with_how_long_the_hub_held_it() throws Exception {
        aggregator.heard(List.of(beat("cluster-1", 1_000, Map.of("cluster-2", 4L, "cluster-3", 9L))), 10_000);
        aggregator.heard(List.of(beat("cluster-3", 2_000, Map.of("cluster-1", 6L, "cluster-9", 1L)).heldFor(30)), 10_400);

        List<ProducerRecord<byte[], byte[]>> records = aggregator.emit(membership, 10_900, SECOND);

        assertThat(records).extracting(ProducerRecord::topic).containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        HubHeartbeat mesh = decode(records.get(0));
        HubHeartbeat feed = decode(records.get(1));
        assertThat(mesh.hub()).isEqualTo("hub-a");
        assertThat(mesh.beats()).singleElement().satisfies(beat -> {
            assertThat(beat.cluster()).isEqualTo("cluster-1");
            assertThat(beat.heldMillis()).isEqualTo(900);
            assertThat(beat.apparentDelays()).as("peers read the mesh: every delay").containsOnlyKeys("cluster-2", "cluster-3");
        });
        assertThat(feed.beats()).extracting(HubHeartbeat.Beat::cluster).containsExactlyInAnyOrder("cluster-1", "cluster-3");
        assertThat(feed.beats()).filteredOn(beat -> beat.cluster().equals("cluster-3")).singleElement().satisfies(beat -> {
            assertThat(beat.heldMillis()).as("held at hub-b, then here").isEqualTo(30 + 500);
            assertThat(beat.apparentDelays()).as("only what this hub's spokes read").isEqualTo(Map.of("cluster-1", 6L));
        });
    }

    @Test
    void a_beat_goes_out_once_so_a_cluster_that_went_silent_does_not_look_alive() {
        aggregator.heard(List.of(beat("cluster-1", 1_000, Map.of())), 1_000);
        assertThat(aggregator.emit(membership, 1_500, SECOND)).hasSize(2);

        assertThat(aggregator.emit(membership, 2_500, 2 * SECOND)).isEmpty();
    }

    @Test
    void of_two_beats_of_one_cluster_the_later_by_its_own_clock_is_kept() throws Exception {
        aggregator.heard(List.of(beat("cluster-3", 2_000, Map.of())), 5_000);
        aggregator.heard(List.of(beat("cluster-3", 1_000, Map.of())), 5_100);

        HubHeartbeat feed = decode(aggregator.emit(membership, 5_200, SECOND).get(0));

        assertThat(feed.beats()).singleElement().extracting(HubHeartbeat.Beat::wallTimeMillis).isEqualTo(2_000L);
    }

    @Test
    void a_heartbeat_too_large_for_one_record_goes_out_in_pages_that_together_carry_every_beat() throws Exception {
        Map<String, Long> delays = new java.util.HashMap<>();
        IntStream.range(0, 200).forEach(i -> delays.put("cluster-" + (100 + i), (long) i));
        List<HubHeartbeat.Beat> beats = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> beats.add(beat("peer-" + i, 1_000 + i, delays)));
        Membership many = Membership.of("hub-a", delays.keySet());
        aggregator.heard(beats, 2_000);

        List<ProducerRecord<byte[], byte[]>> records = aggregator.emit(many, 2_000, SECOND);

        assertThat(records).allSatisfy(r -> assertThat(r.value().length).isLessThanOrEqualTo(HeartbeatAggregator.PAGE_BYTES));
        List<String> carried = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            decode(r).beats().forEach(beat -> carried.add(beat.cluster()));
        }
        assertThat(records.size()).isGreaterThan(1);
        assertThat(carried).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void what_was_heard_before_an_abort_is_forgotten_the_rewound_input_brings_it_again() {
        aggregator.heard(List.of(beat("cluster-1", 1_000, Map.of())), 1_000);

        aggregator.forget();

        assertThat(aggregator.emit(membership, 1_500, SECOND)).isEmpty();
    }

    private static HubHeartbeat.Beat beat(String cluster, long wallTime, Map<String, Long> delays) {
        return new HubHeartbeat.Beat(cluster, 5, wallTime, 42, 0, delays);
    }

    private HubHeartbeat decode(ProducerRecord<byte[], byte[]> record) throws UndecodableRecord {
        return (HubHeartbeat) codec.decode(record.value()).payload();
    }
}
