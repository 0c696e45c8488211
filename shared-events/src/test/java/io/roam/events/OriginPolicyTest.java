package io.roam.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event, stated by the cluster whose statement it is and forged by another one. */
class OriginPolicyTest {

    /** The event, the only origin that may state it, and what the refusal of a forgery names. */
    static Stream<Arguments> everyEventType() {
        return Stream.of(
                Arguments.of(new UserProvisioned("bob", "cluster-1", List.of("1000001"), true, "5001", "$2a$10$abc", 42L),
                        "cluster-1", "UserProvisioned with homeCluster cluster-1 from origin cluster-9"),
                Arguments.of(new UserRemoved("bob", "cluster-1", 44L),
                        "cluster-1", "UserRemoved with homeCluster cluster-1 from origin cluster-9"),
                Arguments.of(new UserLoggedIn("login-1", "bob", "cluster-2", "SEP000000000021", 45L),
                        "cluster-2", "UserLoggedIn with cluster cluster-2 from origin cluster-9"),
                Arguments.of(new UserLoggedOut("login-1", "bob", "cluster-2", "SEP000000000021", LogoutReason.SUPERSEDED,
                        "login-2", 46L), "cluster-2", "UserLoggedOut with cluster cluster-2 from origin cluster-9"),
                Arguments.of(new PinRejected("bob", "cluster-2", "SEP000000000021", 50L),
                        "cluster-2", "PinRejected with cluster cluster-2 from origin cluster-9"),
                Arguments.of(new EmccLoginRefused("login-3", "bob", "cluster-1", "cluster-3", "SEP000000000031", 37, 56L),
                        "cluster-1", "EmccLoginRefused with homeCluster cluster-1 from origin cluster-9"),
                Arguments.of(new UserUnlocked("bob", "cluster-3", 51L),
                        "cluster-3", "UserUnlocked with cluster cluster-3 from origin cluster-9"),
                Arguments.of(new ClusterAnnounced("cluster-2", "hub-a", "sip:cluster-2.example.net:5060", 47L),
                        "cluster-2", "ClusterAnnounced with cluster cluster-2 from origin cluster-9"),
                Arguments.of(new ClusterRetired("cluster-4", "cluster-1", 52L),
                        "cluster-1", "ClusterRetired with retiredBy cluster-1 from origin cluster-9"),
                Arguments.of(new ClusterHeartbeat("cluster-2", 18L, 1_700_000_001_000L, 49L, Map.of("cluster-1", 35L)),
                        "cluster-2", "ClusterHeartbeat with cluster cluster-2 from origin cluster-9"),
                Arguments.of(new HubHeartbeat("hub-a", 55L, List.of(new HubHeartbeat.Beat("cluster-2", 18L, 1_700_000_001_000L,
                        49L, 3L, Map.of()))), "hub-a", "HubHeartbeat with hub hub-a from origin cluster-9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void a_payload_stated_by_its_rightful_origin_passes(RoamingEvent event, String rightful, String refusal) {
        assertThat(OriginPolicy.violation(envelope(rightful, event))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void a_payload_stated_by_any_other_origin_is_refused_with_the_reason(RoamingEvent event, String rightful,
                                                                        String refusal) {
        assertThat(OriginPolicy.violation(envelope("cluster-9", event))).contains(refusal);
    }

    @Test
    void every_event_type_has_a_row() {
        assertThat(everyEventType().map(row -> EventType.of((RoamingEvent) row.get()[0])))
                .containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void any_cluster_may_retire_another_in_its_own_name_but_none_retires_itself() {
        assertThat(OriginPolicy.violation(envelope("cluster-2", new ClusterRetired("cluster-4", "cluster-2", 52L)))).isEmpty();
        assertThat(OriginPolicy.violation(envelope("cluster-4", new ClusterRetired("cluster-4", "cluster-4", 52L))))
                .contains("ClusterRetired of its own origin cluster-4");
    }

    @Test
    void a_removal_that_names_no_home_is_refused() {
        assertThat(OriginPolicy.violation(envelope("cluster-1", new UserRemoved("bob", null, 44L))))
                .contains("UserRemoved with homeCluster null from origin cluster-1");
    }

    @Test
    void a_login_that_names_no_cluster_is_refused() {
        assertThat(OriginPolicy.violation(envelope("cluster-1", new UserLoggedIn("login-1", "bob", null, "SEP1", 45L))))
                .contains("UserLoggedIn with cluster null from origin cluster-1");
    }

    private static Envelope envelope(String origin, RoamingEvent event) {
        return Envelope.of("e-1", origin, 7, event);
    }
}
