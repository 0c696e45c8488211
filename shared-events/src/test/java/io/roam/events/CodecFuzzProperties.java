package io.roam.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever arrives from a topic, the codec answers with an envelope or an {@link UndecodableRecord}
 * that says why: no other exception reaches a consumer loop, where it would stall the partition.
 */
class CodecFuzzProperties {

    private static final String SEED = "20261206";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EventCodec codec = new EventCodec();

    @Property(seed = SEED, tries = 500)
    void random_bytes_decode_or_are_a_typed_error(@ForAll("anyBytes") byte[] record) {
        assertDecodesOrIsTyped(record);
    }

    @Property(seed = SEED, tries = 1000)
    void a_mutated_envelope_decodes_or_is_a_typed_error(@ForAll("mutatedEnvelopes") byte[] record) {
        assertDecodesOrIsTyped(record);
    }

    @Property(seed = SEED, tries = 50)
    void deeply_nested_json_is_a_typed_error(@ForAll("nestingDepths") int depth, @ForAll boolean inPayload) {
        String nested = "[".repeat(depth) + "]".repeat(depth);
        String record = inPayload
                ? "{\"eventId\":\"e\",\"origin\":\"cluster-1\",\"seq\":1,\"hlc\":1,\"type\":\"UserRemoved\","
                        + "\"schemaVersion\":1,\"payload\":{\"userId\":" + nested + "}}"
                : nested;
        assertDecodesOrIsTyped(record.getBytes(StandardCharsets.UTF_8));
    }

    @Property(seed = SEED, tries = 30)
    void every_prefix_of_a_record_is_a_typed_error(@ForAll("envelopes") Envelope envelope) {
        byte[] record = codec.encode(envelope);
        for (int length = 0; length < record.length; length++) {
            byte[] prefix = Arrays.copyOf(record, length);
            assertThatThrownBy(() -> codec.decode(prefix)).isInstanceOf(UndecodableRecord.class);
            assertThatThrownBy(() -> codec.decodeHeader(prefix)).isInstanceOf(UndecodableRecord.class);
        }
    }

    @Property(seed = SEED, tries = 20)
    void a_record_over_the_limit_is_oversized(@ForAll("envelopes") Envelope envelope,
                                              @ForAll("overflow") int overflow) {
        byte[] record = codec.encode(envelope);
        byte[] padded = Arrays.copyOf(record, EventCodec.MAX_RECORD_BYTES + overflow);
        // valid JSON followed by spaces: only its size is wrong
        Arrays.fill(padded, record.length, padded.length, (byte) ' ');

        assertThat(catchThrowable(() -> codec.decode(padded)))
                .isInstanceOfSatisfying(UndecodableRecord.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableRecord.Reason.OVERSIZED));
        assertThat(catchThrowable(() -> codec.decodeHeader(padded)))
                .isInstanceOfSatisfying(UndecodableRecord.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecodableRecord.Reason.OVERSIZED));
    }

    @Property(seed = SEED, tries = 300)
    void every_valid_event_survives_the_round_trip(@ForAll("envelopes") Envelope sent) throws Exception {
        assertThat(codec.decode(codec.encode(sent))).isEqualTo(sent);
    }

    private void assertDecodesOrIsTyped(byte[] record) {
        for (Function<byte[], Object> decoder : List.<Function<byte[], Object>>of(this::decode, this::decodeHeader)) {
            Object outcome = decoder.apply(record);
            if (outcome instanceof UndecodableRecord typed) {
                assertThat(typed.reason()).isNotNull();
                assertThat(typed.getMessage()).isNotBlank();
            } else {
                assertThat(outcome).isInstanceOfAny(Envelope.class, EnvelopeHeader.class);
            }
        }
    }

    /** The envelope, the typed error, or — failing the property — whatever else escaped. */
    private Object decode(byte[] record) {
        try {
            return codec.decode(record);
        } catch (UndecodableRecord e) {
            return e;
        }
    }

    private Object decodeHeader(byte[] record) {
        try {
            return codec.decodeHeader(record);
        } catch (UndecodableRecord e) {
            return e;
        }
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-eEtrufalsn \\u")
                .ofMaxLength(256).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(raw, jsonish);
    }

    @Provide
    Arbitrary<Integer> nestingDepths() {
        return Arbitraries.integers().between(500, 5000);
    }

    @Provide
    Arbitrary<Integer> overflow() {
        return Arbitraries.integers().between(1, 64 * 1024);
    }

    @Provide
    Arbitrary<byte[]> mutatedEnvelopes() {
        return Combinators.combine(envelopes(), mutations().list().ofMinSize(1).ofMaxSize(4))
                .as((envelope, mutations) -> {
                    ObjectNode node = (ObjectNode) readTree(codec.encode(envelope));
                    mutations.forEach(mutation -> mutation.applyTo(node));
                    return node.toString().getBytes(StandardCharsets.UTF_8);
                });
    }

    /** Replaces (or removes) one field of the envelope or of its payload with a hostile value. */
    private record Mutation(boolean inPayload, String field, JsonNode value) {
        void applyTo(ObjectNode envelope) {
            JsonNode target = inPayload ? envelope.get("payload") : envelope;
            if (!(target instanceof ObjectNode object)) {
                return;
            }
            if (value == null) {
                object.remove(field);
            } else {
                object.set(field, value);
            }
        }
    }

    private Arbitrary<Mutation> mutations() {
        Arbitrary<String> envelopeFields = Arbitraries.of("eventId", "origin", "seq", "hlc", "type", "schemaVersion", "payload");
        Arbitrary<String> payloadFields = Arbitraries.of("userId", "homeCluster", "dns", "superuser", "selfServiceId",
                "pinHash", "hlc", "loginId", "cluster", "device", "reason", "supersededBy", "hub", "routeString",
                "retiredBy", "lastSequence", "wallTimeMillis", "apparentDelays");
        return Arbitraries.oneOf(
                Combinators.combine(envelopeFields, hostileValues()).as((f, v) -> new Mutation(false, f, v)),
                Combinators.combine(payloadFields, hostileValues()).as((f, v) -> new Mutation(true, f, v)));
    }

    /** Null stands for a removed field; the rest are wrong types, extremes and unknown names. */
    private Arbitrary<JsonNode> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(NODES.booleanNode(true), NODES.textNode(""), NODES.textNode("   "),
                        NODES.arrayNode(), NODES.objectNode(), NODES.numberNode(1.5),
                        NODES.textNode("UserLoggedInV9"), NODES.textNode("NOT_A_REASON"),
                        NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                        NODES.arrayNode().add(NODES.nullNode()),
                        NODES.objectNode().putNull("cluster-2")),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.longs().between(2, Integer.MAX_VALUE + 2L).map(NODES::numberNode),
                Arbitraries.strings().ofMaxLength(40).map(NODES::textNode),
                Arbitraries.strings().withChars('x').ofMinLength(60_000).ofMaxLength(70_000).map(NODES::textNode));
    }

    @Provide
    Arbitrary<Envelope> envelopes() {
        Arbitrary<String> ids = Arbitraries.strings().ofMinLength(1).ofMaxLength(30).filter(s -> !s.isBlank());
        Arbitrary<String> origins = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-')
                .ofMinLength(1).ofMaxLength(20).filter(TopicPolicy::isValidId);
        return Combinators.combine(ids, origins, Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs(), events())
                .as((id, origin, seq, hlc, event) -> Envelope.of(id, origin, seq, hlc, event));
    }

    private Arbitrary<RoamingEvent> events() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<String> optional = text.injectNull(0.2);
        Arbitrary<Long> hlc = Arbitraries.longs();
        return Arbitraries.oneOf(
                Combinators.combine(text, text, text.list().ofMaxSize(5), Arbitraries.of(true, false), optional, optional, hlc)
                        .as(UserProvisioned::new),
                Combinators.combine(text, text, hlc).as(UserRemoved::new),
                Combinators.combine(text, text, text, text, hlc).as(UserLoggedIn::new),
                Combinators.combine(text, text, text, text, Arbitraries.of(LogoutReason.class), optional, hlc)
                        .as(UserLoggedOut::new),
                Combinators.combine(text, text, text, hlc).as(PinRejected::new),
                Combinators.combine(text, text, hlc).as(UserUnlocked::new),
                Combinators.combine(text, text, text, text, text, Arbitraries.integers(), hlc).as(EmccLoginRefused::new),
                Combinators.combine(text, text, text, hlc).as(ClusterAnnounced::new),
                Combinators.combine(text, text, hlc).as(ClusterRetired::new),
                Combinators.combine(text, Arbitraries.longs(), Arbitraries.longs(), hlc,
                                Arbitraries.maps(text, Arbitraries.longs()).ofMaxSize(3))
                        .as(ClusterHeartbeat::new),
                Combinators.combine(text, hlc, beats().list().ofMaxSize(4)).as(HubHeartbeat::new));
    }

    private Arbitrary<HubHeartbeat.Beat> beats() {
        Arbitrary<String> clusters = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-')
                .ofMinLength(1).ofMaxLength(20).filter(TopicPolicy::isValidId);
        return Combinators.combine(clusters, Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                        Arbitraries.longs().between(0, 60_000), Arbitraries.maps(clusters, Arbitraries.longs()).ofMaxSize(3))
                .as(HubHeartbeat.Beat::new);
    }

    private static JsonNode readTree(byte[] record) {
        try {
            return JSON.readTree(record);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
