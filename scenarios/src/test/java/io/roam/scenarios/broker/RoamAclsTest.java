package io.roam.scenarios.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class RoamAclsTest {

    @Test
    void a_spoke_writes_its_own_outbound_topic_and_nothing_else() {
        assertThat(granted(RoamAcls.spoke("cluster-1", "hub-a"), AclOperation.WRITE))
                .containsExactly("TOPIC LITERAL ils.spoke.cluster-1.out");
    }

    @Test
    void a_spoke_reads_its_hubs_feed_and_every_spokes_topics_for_a_full_sync_without_a_consumer_group() {
        assertThat(granted(RoamAcls.spoke("cluster-1", "hub-a"), AclOperation.READ))
                .containsExactlyInAnyOrder("TOPIC LITERAL ils.hub.hub-a.feed", "TOPIC PREFIXED ils.spoke.");
    }

    @Test
    void a_spoke_creates_only_its_own_outbound_topic_never_its_hubs_feed() {
        assertThat(granted(RoamAcls.spoke("cluster-1", "hub-a"), AclOperation.CREATE))
                .containsExactly("TOPIC LITERAL ils.spoke.cluster-1.out");
    }

    @Test
    void a_hub_writes_its_mesh_its_feed_its_changelog_and_the_dead_letters() {
        assertThat(granted(RoamAcls.hub("hub-a", List.of("cluster-1", "cluster-2")), AclOperation.WRITE))
                .containsExactlyInAnyOrder(
                        "TOPIC LITERAL ils.hub.hub-a.mesh",
                        "TOPIC LITERAL ils.hub.hub-a.feed",
                        "TOPIC LITERAL ils.hub.hub-a.members",
                        "TOPIC LITERAL ils.dead-letters",
                        "TRANSACTIONAL_ID PREFIXED hub-hub-a-");
    }

    @Test
    void a_hub_reads_its_spokes_and_every_mesh_in_its_own_consumer_group() {
        assertThat(granted(RoamAcls.hub("hub-a", List.of("cluster-1")), AclOperation.READ))
                .containsExactlyInAnyOrder(
                        "TOPIC LITERAL ils.spoke.cluster-1.out",
                        "TOPIC PREFIXED ils.hub.",
                        "GROUP LITERAL hub-hub-a");
    }

    @Test
    void no_prefix_grants_more_than_reading_or_a_hubs_own_transactional_ids() {
        List<AclBinding> all = Stream.concat(RoamAcls.spoke("cluster-1", "hub-a").stream(),
                RoamAcls.hub("hub-a", List.of("cluster-1")).stream()).toList();

        assertThat(all).filteredOn(acl -> acl.pattern().patternType() == PatternType.PREFIXED)
                .allSatisfy(acl -> assertThat(acl.entry().operation() == AclOperation.READ
                        || acl.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID).isTrue());
    }

    @Test
    void every_binding_names_the_principal_it_was_made_for() {
        assertThat(RoamAcls.spoke("cluster-1", "hub-a")).allSatisfy(acl ->
                assertThat(acl.entry().principal()).isEqualTo("User:spoke-cluster-1"));
        assertThat(RoamAcls.hub("hub-a", List.of("cluster-1"))).allSatisfy(acl ->
                assertThat(acl.entry().principal()).isEqualTo("User:hub-hub-a"));
    }

    @Test
    void ids_that_are_not_topic_name_parts_get_no_user() {
        assertThatThrownBy(() -> RoamAcls.spokeUser("cluster.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoamAcls.hub("*", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> granted(List<AclBinding> acls, AclOperation operation) {
        return acls.stream().filter(acl -> acl.entry().operation() == operation)
                .map(acl -> acl.pattern().resourceType() + " " + acl.pattern().patternType() + " " + acl.pattern().name())
                .toList();
    }
}
