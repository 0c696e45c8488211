package io.roam.hub;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubIdentityTest {

    @Test
    void instances_of_one_hub_share_the_group_and_each_has_its_own_transactional_id() {
        HubIdentity active = HubIdentity.from(new HubProperties("hub-a", List.of("cluster-1"), "a1"), 8091);
        HubIdentity standby = HubIdentity.from(new HubProperties("hub-a", List.of("cluster-1"), "a2"), 8093);

        assertThat(active.groupId()).isEqualTo("hub-hub-a").isEqualTo(standby.groupId());
        assertThat(active.transactionalId()).isEqualTo("hub-hub-a-a1");
        assertThat(standby.transactionalId()).isEqualTo("hub-hub-a-a2");
    }

    @Test
    void without_an_instance_id_the_http_port_tells_instances_on_one_host_apart_and_survives_a_restart() {
        HubIdentity first = HubIdentity.from(new HubProperties("hub-a", List.of(), null), 8091);
        HubIdentity restarted = HubIdentity.from(new HubProperties("hub-a", List.of(), ""), 8091);
        HubIdentity neighbour = HubIdentity.from(new HubProperties("hub-a", List.of(), null), 8093);

        assertThat(first.instanceId()).endsWith("-8091").isEqualTo(restarted.instanceId());
        assertThat(neighbour.instanceId()).isNotEqualTo(first.instanceId());
    }

    @Test
    void ids_that_would_break_topic_names_are_refused_at_start() {
        assertThatThrownBy(() -> new HubIdentity("hub.a", "i", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HubIdentity("hub-a", "i", List.of("cluster 1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HubIdentity("hub-a", "i", List.of("cluster-1", "cluster-1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
