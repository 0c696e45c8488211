package io.roam.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicPolicyTest {

    @Test
    void names_follow_the_ils_layout() {
        assertThat(TopicPolicy.spokeOutbound("cluster-2")).isEqualTo("ils.spoke.cluster-2.out");
        assertThat(TopicPolicy.spokeInbound("cluster-2")).isEqualTo("ils.spoke.cluster-2.in");
        assertThat(TopicPolicy.hubMesh("hub-a")).isEqualTo("ils.hub.hub-a.mesh");
        assertThat(TopicPolicy.hubFeed("hub-a")).isEqualTo("ils.hub.hub-a.feed");
        assertThat(TopicPolicy.hubMembers("hub-a")).isEqualTo("ils.hub.hub-a.members");
    }

    @Test
    void a_topic_tells_who_may_write_to_it() {
        assertThat(TopicPolicy.spokeOfOutbound("ils.spoke.cluster-2.out")).contains("cluster-2");
        assertThat(TopicPolicy.spokeOfOutbound("ils.spoke.cluster-2.in")).isEmpty();
        assertThat(TopicPolicy.hubOfMesh("ils.hub.hub-b.mesh")).contains("hub-b");
        assertThat(TopicPolicy.hubOfFeed("ils.hub.hub-b.feed")).contains("hub-b");
        assertThat(TopicPolicy.hubOfMesh("ils.hub.hub-b.feed")).isEmpty();
        assertThat(TopicPolicy.spokeOfInbound("ils.spoke.cluster-4.in")).contains("cluster-4");
    }

    @Test
    void a_hub_subscribes_to_every_mesh_but_its_own() {
        var peers = TopicPolicy.peerMeshPattern("hub-a");
        assertThat(peers.matcher("ils.hub.hub-b.mesh").matches()).isTrue();
        assertThat(peers.matcher("ils.hub.hub-a.mesh").matches()).isFalse();
        assertThat(peers.matcher("ils.hub.hub-aa.mesh").matches()).isTrue();
        assertThat(peers.matcher("ils.spoke.cluster-1.out").matches()).isFalse();
        assertThat(peers.matcher("ils.hub.hub-b.feed").matches()).isFalse();
    }

    @Test
    void ids_that_would_break_topic_names_are_refused() {
        assertThatThrownBy(() -> TopicPolicy.spokeOutbound("a.b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicPolicy.hubMesh("")).isInstanceOf(IllegalArgumentException.class);
    }
}
