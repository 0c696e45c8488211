package io.roam.hub.membership;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipTest {

    private final Membership membership = Membership.of("hub-a", List.of("cluster-1", "cluster-2"));

    @Test
    void own_spokes_come_from_configuration_and_peers_clusters_from_their_announcements() {
        Membership learned = membership.learn(new ClusterMembership("cluster-3", "hub-b"));

        assertThat(learned.hubOf("cluster-1")).contains("hub-a");
        assertThat(learned.hubOf("cluster-3")).contains("hub-b");
        assertThat(learned.hubOf("cluster-9")).isEmpty();
        assertThat(learned.clusters()).containsExactly(
                Map.entry("cluster-1", "hub-a"), Map.entry("cluster-2", "hub-a"), Map.entry("cluster-3", "hub-b"));
        assertThat(learned.peerHubs()).containsExactly("hub-b");
    }

    @Test
    void learning_leaves_the_original_untouched_so_an_aborted_batch_forgets_what_it_learned() {
        membership.learn(new ClusterMembership("cluster-3", "hub-b"));

        assertThat(membership.hubOf("cluster-3")).isEmpty();
    }

    @Test
    void a_restored_changelog_replaces_what_was_known_of_peers_but_not_the_own_spokes() {
        Membership restored = membership.learn(new ClusterMembership("cluster-3", "hub-b"))
                .withPeerClusters(Map.of("cluster-4", "hub-b"));

        assertThat(restored.clusters()).containsOnlyKeys("cluster-1", "cluster-2", "cluster-4");
    }
}
