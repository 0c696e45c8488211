package io.roam.hub.relay;

import io.roam.events.EventCodec;
import io.roam.events.HubHeartbeat;
import io.roam.hub.membership.ClusterMembership;
import io.roam.hub.membership.Membership;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.roam.hub.Envelopes.announced;
import static io.roam.hub.Envelopes.envelope;
import static io.roam.hub.Envelopes.heartbeat;
import static io.roam.hub.Envelopes.hubHeartbeat;
import static io.roam.hub.Envelopes.loggedIn;
import static io.roam.hub.Envelopes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** hub-a serves cluster-1, cluster-2 and cluster-5; hub-b and hub-c are its peers. */
class RelayRouterTest {

    private static final List<String> SPOKES = List.of("cluster-1", "cluster-2", "cluster-5");

    private final RelayRouter router = new RelayRouter("hub-a", SPOKES, new EventCodec());
    private final Membership membership = Membership.of("hub-a", SPOKES);

    @Test
    void an_own_spokes_event_is_written_once_to_the_mesh_and_once_to_the_feed_all_its_spokes_read() {
        Route route = router.route("ils.spoke.cluster-2.out", loggedIn("cluster-2"), membership);

        assertThat(route).isEqualTo(new Route.Forward("cluster-2",
                List.of("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed"), Optional.empty()));
    }

    @Test
    void a_spoke_cannot_speak_for_another_cluster() {
        Route route = router.route("ils.spoke.cluster-1.out", loggedIn("cluster-2"), membership);

        assertDeadLetter(route, DeadLetterReason.FORGED_ORIGIN, "origin cluster-2 on ils.spoke.cluster-1.out");
    }

    @Test
    void a_spoke_cannot_state_what_is_another_clusters_to_state() {
        Route loginElsewhere = router.route("ils.spoke.cluster-1.out", loggedIn("cluster-1", "cluster-2"), membership);
        Route otherHome = router.route("ils.spoke.cluster-1.out", envelope("cluster-1", 1, "UserProvisioned", 1, """
                {"userId":"bob","homeCluster":"cluster-3","dns":["1000001"],"superuser":false,"hlc":7}"""), membership);

        assertDeadLetter(loginElsewhere, DeadLetterReason.FORGED_PAYLOAD,
                "UserLoggedIn with cluster cluster-2 from origin cluster-1 on ils.spoke.cluster-1.out");
        assertDeadLetter(otherHome, DeadLetterReason.FORGED_PAYLOAD,
                "UserProvisioned with homeCluster cluster-3 from origin cluster-1");
    }

    @Test
    void a_peers_forged_payload_is_not_relayed_to_the_own_spokes() {
        Route route = router.route("ils.hub.hub-b.mesh", envelope("cluster-3", 1, "PinRejected", 1, """
                {"userId":"bob","cluster":"cluster-4","device":"SEP1","hlc":7}"""), membership);

        assertDeadLetter(route, DeadLetterReason.FORGED_PAYLOAD, "PinRejected with cluster cluster-4 from origin cluster-3");
    }

    @Test
    void a_payload_that_does_not_fit_its_type_is_malformed_whatever_the_type() {
        byte[] broken = envelope("cluster-1", 1, "UserLoggedIn", 1, """
                {"loginId":"login-1","userId":"bob","cluster":"cluster-1","device":"SEP1","hlc":"late"}""");

        assertThat(router.route("ils.spoke.cluster-1.out", broken, membership))
                .isInstanceOfSatisfying(Route.DeadLetter.class, dl -> assertThat(dl.reason()).isEqualTo(DeadLetterReason.MALFORMED));
    }

    @Test
    void a_spoke_announces_itself_as_a_member_of_this_hub() {
        Route accepted = router.route("ils.spoke.cluster-1.out", announced("cluster-1", "cluster-1", "hub-a"), membership);
        Route otherHub = router.route("ils.spoke.cluster-1.out", announced("cluster-1", "cluster-1", "hub-b"), membership);
        Route otherCluster = router.route("ils.spoke.cluster-1.out", announced("cluster-1", "cluster-2", "hub-a"), membership);

        assertThat(accepted).isInstanceOf(Route.Forward.class);
        assertDeadLetter(otherHub, DeadLetterReason.FORGED_ANNOUNCEMENT, "cluster cluster-1 at hub hub-b");
        assertDeadLetter(otherCluster, DeadLetterReason.FORGED_ANNOUNCEMENT, "cluster cluster-2 at hub hub-a");
    }

    @Test
    void a_peers_event_goes_to_the_feed_only_and_never_to_a_mesh() {
        Route route = router.route("ils.hub.hub-b.mesh", loggedIn("cluster-3"), membership);

        assertThat(route).isEqualTo(new Route.Forward("cluster-3", List.of("ils.hub.hub-a.feed"), Optional.empty()));
    }

    @Test
    void a_mesh_event_claiming_to_come_from_an_own_spoke_is_forged() {
        Route route = router.route("ils.hub.hub-b.mesh", loggedIn("cluster-1"), membership);

        assertDeadLetter(route, DeadLetterReason.FORGED_ORIGIN, "origin cluster-1 is a spoke of hub-a");
    }

    @Test
    void a_mesh_event_from_a_cluster_known_to_belong_to_another_hub_is_forged() {
        Membership knowing = membership.learn(new ClusterMembership("cluster-3", "hub-b"));

        Route fromItsHub = router.route("ils.hub.hub-b.mesh", loggedIn("cluster-3"), knowing);
        Route fromElsewhere = router.route("ils.hub.hub-c.mesh", loggedIn("cluster-3"), knowing);

        assertThat(fromItsHub).isInstanceOf(Route.Forward.class);
        assertDeadLetter(fromElsewhere, DeadLetterReason.FORGED_ORIGIN, "origin cluster-3 belongs to hub-b, seen on ils.hub.hub-c.mesh");
    }

    @Test
    void a_peer_cluster_that_announces_itself_is_learned_once_and_relayed() {
        Route first = router.route("ils.hub.hub-b.mesh", announced("cluster-3", "cluster-3", "hub-b"), membership);
        Membership learned = membership.learn(new ClusterMembership("cluster-3", "hub-b"));
        Route again = router.route("ils.hub.hub-b.mesh", announced("cluster-3", "cluster-3", "hub-b"), learned);

        assertThat(first).isEqualTo(new Route.Forward("cluster-3", List.of("ils.hub.hub-a.feed"),
                Optional.of(new ClusterMembership("cluster-3", "hub-b"))));
        assertThat(((Route.Forward) again).learned()).isEmpty();
    }

    @Test
    void an_announcement_must_name_the_hub_whose_mesh_it_came_through_and_its_own_origin() {
        Route otherHub = router.route("ils.hub.hub-b.mesh", announced("cluster-3", "cluster-3", "hub-c"), membership);
        Route otherCluster = router.route("ils.hub.hub-b.mesh", announced("cluster-3", "cluster-4", "hub-b"), membership);

        assertDeadLetter(otherHub, DeadLetterReason.FORGED_ANNOUNCEMENT, "cluster cluster-3 at hub hub-c announced by cluster-3");
        assertDeadLetter(otherCluster, DeadLetterReason.FORGED_ANNOUNCEMENT, "cluster cluster-4 at hub hub-b announced by cluster-3");
    }

    @Test
    void an_announcement_whose_payload_does_not_fit_is_malformed() {
        byte[] broken = envelope("cluster-3", 1, "ClusterAnnounced", 1, """
                {"cluster":"cluster-3","hub":"hub-b","routeString":"sip:x","hlc":"late"}""");

        assertThat(router.route("ils.hub.hub-b.mesh", broken, membership))
                .isInstanceOfSatisfying(Route.DeadLetter.class, dl -> assertThat(dl.reason()).isEqualTo(DeadLetterReason.MALFORMED));
    }

    @Test
    void an_own_spokes_heartbeat_is_held_for_the_hubs_own_heartbeat() {
        assertThat(router.route("ils.spoke.cluster-1.out", heartbeat("cluster-1"), membership))
                .isEqualTo(new Route.Beats("cluster-1", List.of(
                        new HubHeartbeat.Beat("cluster-1", 12, 1_700_000_000_000L, 7, 0, Map.of()))));
    }

    @Test
    void a_peer_hubs_heartbeat_is_held_too_and_so_is_a_heartbeat_an_older_peer_relays_one_by_one() {
        Route beats = router.route("ils.hub.hub-b.mesh", hubHeartbeat("hub-b", "cluster-3", "cluster-4"), membership);
        Route older = router.route("ils.hub.hub-b.mesh", heartbeat("cluster-3"), membership);

        assertThat(beats).isInstanceOfSatisfying(Route.Beats.class, b -> assertThat(b.beats())
                .extracting(HubHeartbeat.Beat::cluster).containsExactly("cluster-3", "cluster-4"));
        assertThat(older).isInstanceOfSatisfying(Route.Beats.class, b -> assertThat(b.beats())
                .extracting(HubHeartbeat.Beat::cluster).containsExactly("cluster-3"));
    }

    @Test
    void a_peer_hubs_heartbeat_may_speak_only_for_that_hub_and_its_clusters() {
        Membership knowing = membership.learn(new ClusterMembership("cluster-7", "hub-c"));

        assertDeadLetter(router.route("ils.hub.hub-b.mesh", hubHeartbeat("hub-c", "cluster-3"), knowing),
                DeadLetterReason.FORGED_ORIGIN, "hub-c");
        assertDeadLetter(router.route("ils.hub.hub-b.mesh", hubHeartbeat("hub-b", "cluster-3", "cluster-1"), knowing),
                DeadLetterReason.FORGED_ORIGIN, "cluster-1 in hub hub-b's heartbeat on ils.hub.hub-b.mesh, but it belongs to hub-a");
        assertDeadLetter(router.route("ils.hub.hub-b.mesh", hubHeartbeat("hub-b", "cluster-7"), knowing),
                DeadLetterReason.FORGED_ORIGIN, "but it belongs to hub-c");
    }

    @Test
    void a_spoke_cannot_send_a_hubs_heartbeat() {
        assertDeadLetter(router.route("ils.spoke.cluster-1.out", hubHeartbeat("cluster-1", "cluster-1"), membership),
                DeadLetterReason.FORGED_ORIGIN, "a hub's heartbeat from spoke cluster-1");
    }

    static Stream<Arguments> undecodable() {
        return Stream.of(
                Arguments.of("not JSON", text("{not json"), DeadLetterReason.MALFORMED),
                Arguments.of("no record at all", new byte[0], DeadLetterReason.MALFORMED),
                Arguments.of("no origin", text("""
                        {"eventId":"e","seq":1,"hlc":1,"type":"UserRemoved","schemaVersion":1,"payload":{}}"""),
                        DeadLetterReason.MALFORMED),
                Arguments.of("a type no version defines", envelope("cluster-1", 1, "UserTeleported", 1, "{}"),
                        DeadLetterReason.UNKNOWN_TYPE),
                Arguments.of("oversized", new byte[EventCodec.MAX_RECORD_BYTES + 1], DeadLetterReason.OVERSIZED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodable")
    void what_cannot_be_read_is_dead_lettered_with_the_reason(String description, byte[] record, DeadLetterReason reason) {
        assertThat(router.route("ils.spoke.cluster-1.out", record, membership))
                .isInstanceOfSatisfying(Route.DeadLetter.class, dl -> assertThat(dl.reason()).isEqualTo(reason));
        assertThat(router.route("ils.hub.hub-b.mesh", record, membership))
                .isInstanceOfSatisfying(Route.DeadLetter.class, dl -> assertThat(dl.reason()).isEqualTo(reason));
    }

    @Test
    void the_dead_letter_reason_tells_what_was_wrong() {
        Route route = router.route("ils.spoke.cluster-1.out", envelope("cluster-1", 1, "UserTeleported", 1, "{}"), membership);

        assertThat(((Route.DeadLetter) route).describe()).isEqualTo("UNKNOWN_TYPE: UserTeleported from cluster-1 on ils.spoke.cluster-1.out");
    }

    @Test
    void an_event_of_a_newer_schema_version_is_relayed_untouched_for_the_spokes_to_park() {
        byte[] newer = envelope("cluster-1", 1, "UserLoggedIn", 2, """
                {"loginId":"login-1","userId":"bob","cluster":"cluster-1","device":"SEP1","hlc":7,"biometric":true}""");
        byte[] newerAnnouncement = envelope("cluster-3", 1, "ClusterAnnounced", 2, """
                {"cluster":"cluster-3","hub":"hub-b","region":"emea"}""");

        assertThat(router.route("ils.spoke.cluster-1.out", newer, membership)).isInstanceOf(Route.Forward.class);
        assertThat(router.route("ils.hub.hub-b.mesh", newerAnnouncement, membership))
                .isEqualTo(new Route.Forward("cluster-3", List.of("ils.hub.hub-a.feed"), Optional.empty()));
    }

    @Test
    void the_hub_reads_its_spokes_outbound_topics_and_every_peers_mesh_only() {
        var inputs = router.inputTopics();

        assertThat(Stream.of("ils.spoke.cluster-1.out", "ils.spoke.cluster-5.out", "ils.hub.hub-b.mesh", "ils.hub.hub-new.mesh"))
                .allMatch(topic -> inputs.matcher(topic).matches());
        assertThat(Stream.of("ils.hub.hub-a.mesh", "ils.spoke.cluster-3.out", "ils.spoke.cluster-1.in",
                "ils.hub.hub-a.feed", "ils.hub.hub-b.feed", "ils.hub.hub-a.members", "ils.dead-letters", "ils.spoke.cluster-10.out"))
                .noneMatch(topic -> inputs.matcher(topic).matches());
    }

    @Test
    void a_topic_the_hub_does_not_read_is_refused() {
        assertThatThrownBy(() -> router.route("ils.spoke.cluster-3.out", loggedIn("cluster-3"), membership))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> router.route("ils.hub.hub-a.mesh", loggedIn("cluster-1"), membership))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertDeadLetter(Route route, DeadLetterReason reason, String detailPart) {
        assertThat(route).isInstanceOfSatisfying(Route.DeadLetter.class, deadLetter -> {
            assertThat(deadLetter.reason()).isEqualTo(reason);
            assertThat(deadLetter.detail()).contains(detailPart);
        });
    }
}
