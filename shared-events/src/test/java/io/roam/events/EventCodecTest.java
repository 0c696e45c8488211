package io.roam.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    static Stream<RoamingEvent> everyEventType() {
        return Stream.of(
                new UserProvisioned("bob", "cluster-1", List.of("1000001", "1000002"), true, "5001", "$2a$10$abc", 42L),
                new UserProvisioned("carol", "cluster-1", List.of("1000003"), false, null, null, 43L),
                new UserProvisioned("dana", "cluster-1", List.of("1000004"), true, null, null,
                        new SealedPin("k1", "aXYtYnl0ZXMtMTI=", "c2VhbGVk"), 53L),
                new UserRemoved("bob", "cluster-1", 44L),
                new UserLoggedIn("login-1", "bob", "cluster-2", "SEP000000000021", 45L),
                new UserLoggedOut("login-1", "bob", "cluster-2", "SEP000000000021", LogoutReason.SUPERSEDED, "login-2", 46L),
                new PinRejected("bob", "cluster-2", "SEP000000000021", 50L),
                new PinRejected("bob", "cluster-2", "SEP000000000021", "10.20.30.40", 54L),
                new UserUnlocked("bob", "cluster-1", 51L),
                new EmccLoginRefused("login-3", "bob", "cluster-1", "cluster-3", "SEP000000000031", 37, 56L),
                new UserLoggedOut("login-3", "bob", "cluster-3", "SEP000000000031", LogoutReason.REFUSED, null, 57L),
                new ClusterAnnounced("cluster-2", "hub-a", "sip:cluster-2.example.net:5060", 47L),
                new ClusterRetired("cluster-4", "cluster-1", 52L),
                new ClusterHeartbeat("cluster-2", 17L, 1_700_000_000_000L, 48L),
                new ClusterHeartbeat("cluster-2", 18L, 1_700_000_001_000L, 49L, Map.of("cluster-1", 35L, "cluster-3", -120L)),
                new HubHeartbeat("hub-a", 55L, List.of(
                        new HubHeartbeat.Beat("cluster-2", 18L, 1_700_000_001_000L, 49L, 412L, Map.of("cluster-1", 35L)),
                        new HubHeartbeat.Beat("cluster-7", 3L, 1_700_000_001_100L, 50L, 0L, Map.of()))));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void every_event_survives_the_round_trip(RoamingEvent event) throws Exception {
        Envelope sent = Envelope.of("e-1", "cluster-2", 7, 99L, event);

        Envelope received = codec.decode(codec.encode(sent));

        assertThat(received).isEqualTo(sent);
    }

    @Test
    void every_event_type_is_covered_by_the_round_trip() {
        assertThat(everyEventType().map(EventType::of).distinct()).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void malformed_json_is_a_typed_error() {
        assertRejected("{not json", UndecodableRecord.Reason.MALFORMED);
        assertRejected("[1,2]", UndecodableRecord.Reason.MALFORMED);
        assertRejected("", UndecodableRecord.Reason.MALFORMED);
    }

    @Test
    void missing_envelope_fields_are_a_typed_error() {
        assertRejected("""
                {"origin":"c","seq":1,"hlc":1,"type":"UserRemoved","schemaVersion":1,
                 "payload":{"userId":"bob","homeCluster":"c","hlc":1}}""", UndecodableRecord.Reason.MALFORMED);
        assertRejected("""
                {"eventId":"e","origin":"c","seq":"one","hlc":1,"type":"UserRemoved","schemaVersion":1,
                 "payload":{"userId":"bob","homeCluster":"c","hlc":1}}""", UndecodableRecord.Reason.MALFORMED);
        assertRejected("""
                {"eventId":"e","origin":"c","seq":1,"hlc":1,"type":"UserRemoved","schemaVersion":1}""",
                UndecodableRecord.Reason.MALFORMED);
    }

    @Test
    void a_payload_that_does_not_fit_its_type_is_a_typed_error() {
        assertRejected("""
                {"eventId":"e","origin":"c","seq":1,"hlc":1,"type":"UserRemoved","schemaVersion":1,
                 "payload":{"userId":"bob","homeCluster":"c","hlc":"late"}}""", UndecodableRecord.Reason.MALFORMED);
    }

    @Test
    void an_unknown_type_is_a_typed_error() {
        assertRejected("""
                {"eventId":"e","origin":"c","seq":1,"hlc":1,"type":"UserTeleported","schemaVersion":1,"payload":{}}""",
                UndecodableRecord.Reason.UNKNOWN_TYPE);
    }

    @Test
    void a_newer_schema_version_is_told_apart_so_that_it_can_be_parked() {
        assertRejected("""
                {"eventId":"e","origin":"c","seq":1,"hlc":1,"type":"UserRemoved","schemaVersion":2,
                 "payload":{"userId":"bob","homeCluster":"c","hlc":1}}""", UndecodableRecord.Reason.NEWER_SCHEMA);
    }

    @Test
    void an_oversized_record_is_rejected_before_parsing() {
        byte[] huge = new byte[EventCodec.MAX_RECORD_BYTES + 1];
        assertThatThrownBy(() -> codec.decode(huge))
                .isInstanceOfSatisfying(UndecodableRecord.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableRecord.Reason.OVERSIZED));
    }

    @Test
    void unknown_extra_fields_from_a_compatible_sender_are_ignored() throws Exception {
        Envelope envelope = codec.decode("""
                {"eventId":"e","origin":"c","seq":1,"hlc":1,"type":"UserRemoved","schemaVersion":1,"trace":"x",
                 "payload":{"userId":"bob","homeCluster":"c","hlc":1,"note":"x"}}""".getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.payload()).isEqualTo(new UserRemoved("bob", "c", 1));
    }

    @Test
    void a_user_definition_written_before_network_keys_decodes_with_its_readable_hash() throws Exception {
        Envelope envelope = codec.decode("""
                {"eventId":"e","origin":"cluster-1","seq":1,"hlc":9,"type":"UserProvisioned","schemaVersion":1,
                 "payload":{"userId":"bob","homeCluster":"cluster-1","dns":["1000001"],"superuser":true,
                            "selfServiceId":null,"pinHash":"$2a$10$abc","hlc":9}}""".getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.payload())
                .isEqualTo(new UserProvisioned("bob", "cluster-1", List.of("1000001"), true, null, "$2a$10$abc", 9));
        assertThat(((UserProvisioned) envelope.payload()).sealedPin()).isNull();
    }

    @Test
    void emcc_facts_travel_as_optional_fields_that_older_records_lack() throws Exception {
        UserLoggedIn emcc = new UserLoggedIn("l-1", "bob", "cluster-3", "SEP1", 5, LoginMode.EMCC, "cluster-1", "paris");
        UserProvisioned emccUser = new UserProvisioned("bob", "cluster-1", List.of("1000001"), false, true, null,
                "$2a$10$abc", null, 4);
        ClusterAnnounced home = new ClusterAnnounced("cluster-1", "hub-a", "sip:c1@127.0.0.1",
                3, new EmccSettings(true, List.of("cluster-3"), 2, List.of(Geolocation.Field.CITY)), "sip:gw1@127.0.0.1",
                List.of(new DevicePool("paris", new Geolocation("FR", null, "Paris", null, null, null), "sip:gw-paris@127.0.0.1")));
        for (RoamingEvent event : List.of(emcc, emccUser, home)) {
            assertThat(codec.decode(codec.encode(Envelope.of("e", "cluster-1", 1, event))).payload()).isEqualTo(event);
        }

        Envelope oldLogin = codec.decode("""
                {"eventId":"e","origin":"cluster-3","seq":1,"hlc":5,"type":"UserLoggedIn","schemaVersion":1,
                 "payload":{"loginId":"l-1","userId":"bob","cluster":"cluster-3","device":"SEP1","hlc":5}}"""
                .getBytes(StandardCharsets.UTF_8));
        Envelope oldAnnouncement = codec.decode("""
                {"eventId":"e","origin":"cluster-1","seq":1,"hlc":3,"type":"ClusterAnnounced","schemaVersion":1,
                 "payload":{"cluster":"cluster-1","hub":"hub-a","routeString":"sip:c1@127.0.0.1","hlc":3}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(((UserLoggedIn) oldLogin.payload()).mode()).isEqualTo(LoginMode.ROAMING);
        assertThat(((UserLoggedIn) oldLogin.payload()).registrationCluster()).as("a roaming login's calls go to its cluster").isNull();
        assertThat(((ClusterAnnounced) oldAnnouncement.payload()).emcc()).isEqualTo(EmccSettings.NONE);
        assertThat(((ClusterAnnounced) oldAnnouncement.payload()).emergencyRoute()).isEqualTo("sip:c1@127.0.0.1");
        assertThat(emcc.registrationCluster()).isEqualTo("cluster-1");
        assertThat(emccUser.emcc()).isTrue();
    }

    @Test
    void an_emcc_login_without_its_registration_cluster_is_malformed() {
        byte[] record = """
                {"eventId":"e","origin":"cluster-3","seq":1,"hlc":5,"type":"UserLoggedIn","schemaVersion":1,
                 "payload":{"loginId":"l-1","userId":"bob","cluster":"cluster-3","device":"SEP1","hlc":5,"mode":"EMCC"}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(record)).isInstanceOfSatisfying(UndecodableRecord.class,
                e -> assertThat(e.reason()).isEqualTo(UndecodableRecord.Reason.MALFORMED));
    }

    @Test
    void a_heartbeat_from_an_older_sender_decodes_without_delay_measurements() throws Exception {
        Envelope envelope = codec.decode("""
                {"eventId":"e","origin":"cluster-2","seq":0,"hlc":7,"type":"ClusterHeartbeat","schemaVersion":1,
                 "payload":{"cluster":"cluster-2","lastSequence":12,"wallTimeMillis":1700000000000,"hlc":7}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.payload()).isEqualTo(new ClusterHeartbeat("cluster-2", 12, 1_700_000_000_000L, 7));
        assertThat(((ClusterHeartbeat) envelope.payload()).apparentDelays()).isEmpty();
    }

    @Test
    void a_heartbeat_with_null_delay_measurements_decodes_as_none() throws Exception {
        Envelope envelope = codec.decode("""
                {"eventId":"e","origin":"cluster-2","seq":0,"hlc":7,"type":"ClusterHeartbeat","schemaVersion":1,
                 "payload":{"cluster":"cluster-2","lastSequence":12,"wallTimeMillis":1700000000000,"hlc":7,
                            "apparentDelays":null}}""".getBytes(StandardCharsets.UTF_8));
        assertThat(((ClusterHeartbeat) envelope.payload()).apparentDelays()).isEmpty();
    }

    @Test
    void a_relay_can_read_the_header_of_a_type_it_does_not_know() throws Exception {
        EnvelopeHeader header = codec.decodeHeader("""
                {"eventId":"e","origin":"cluster-9","seq":3,"hlc":5,"type":"UserTeleported","schemaVersion":7,"payload":{}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(header).isEqualTo(new EnvelopeHeader("e", "cluster-9", 3, 5, "UserTeleported", 7));
    }

    @Test
    void an_origin_that_is_no_cluster_id_is_malformed() {
        assertRejected("""
                {"eventId":"e","origin":"../etc","seq":1,"hlc":1,"type":"UserRemoved","schemaVersion":1,
                 "payload":{"userId":"bob","homeCluster":"c","hlc":1}}""", UndecodableRecord.Reason.MALFORMED);
    }

    private void assertRejected(String json, UndecodableRecord.Reason reason) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UndecodableRecord.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
