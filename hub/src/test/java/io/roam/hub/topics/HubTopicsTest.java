package io.roam.hub.topics;

import io.roam.hub.HubIdentity;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HubTopicsTest {

    private final List<NewTopic> topics = HubTopics.required(new HubIdentity("hub-a", "i-1", List.of("cluster-1", "cluster-2")), (short) 3, 2);

    @Test
    void a_hub_provides_its_spokes_outbound_topics_its_mesh_its_feed_the_dead_letters_and_its_membership_changelog_each_with_its_copies() {
        assertThat(topics).extracting(NewTopic::name).containsExactly(
                "ils.spoke.cluster-1.out", "ils.spoke.cluster-2.out",
                "ils.hub.hub-a.mesh", "ils.hub.hub-a.feed", "ils.dead-letters", "ils.hub.hub-a.members");
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(1);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).as("a write needs two of the three copies").containsEntry("min.insync.replicas", "2");
        });
    }

    @Test
    void history_is_never_dropped_so_a_late_spoke_gets_all_of_it() {
        assertThat(topics.subList(0, 5)).allSatisfy(topic ->
                assertThat(topic.configs()).containsAllEntriesOf(Map.of("retention.ms", "-1", "retention.bytes", "-1")));
        assertThat(topics.get(5).configs()).containsEntry("cleanup.policy", "compact");
    }
}
