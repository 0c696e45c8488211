package io.roam.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON on the wire. Decoding never returns null: it returns an envelope or throws a typed error. */
public final class EventCodec {

    /** Far above any real event; a record this large is hostile or broken. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public byte[] encode(Envelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", envelope.eventId());
        node.put("origin", envelope.origin());
        node.put("seq", envelope.sequence());
        node.put("hlc", envelope.hlc());
        node.put("type", envelope.type().wireName());
        node.put("schemaVersion", envelope.schemaVersion());
        node.set("payload", mapper.valueToTree(envelope.payload()));
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads only the envelope fields. Type and schema version are returned as they are, so a
     * relay can forward what it does not understand; the payload is not looked at.
     */
    public EnvelopeHeader decodeHeader(byte[] record) throws UndecodableRecord {
        return header(parse(record));
    }

    public Envelope decode(byte[] record) throws UndecodableRecord {
        JsonNode node = parse(record);
        EnvelopeHeader header = header(node);
        String typeName = header.type();
        EventType type = EventType.byWireName(typeName).orElseThrow(
                () -> new UndecodableRecord(UndecodableRecord.Reason.UNKNOWN_TYPE, typeName));
        int schemaVersion = header.schemaVersion();
        if (schemaVersion > type.schemaVersion()) {
            throw new UndecodableRecord(UndecodableRecord.Reason.NEWER_SCHEMA,
                    typeName + " v" + schemaVersion + ", understood up to v" + type.schemaVersion());
        }
        JsonNode payloadNode = node.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "payload missing");
        }
        RoamingEvent payload;
        try {
            payload = mapper.treeToValue(payloadNode, type.javaType());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "payload of " + typeName + ": " + e.getMessage(), e);
        }
        return new Envelope(header.eventId(), header.origin(), header.sequence(), header.hlc(), type, schemaVersion, payload);
    }

    private JsonNode parse(byte[] record) throws UndecodableRecord {
        if (record == null || record.length == 0) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "empty record");
        }
        if (record.length > MAX_RECORD_BYTES) {
            throw new UndecodableRecord(UndecodableRecord.Reason.OVERSIZED,
                    record.length + " bytes, limit " + MAX_RECORD_BYTES);
        }
        JsonNode node;
        try {
            node = mapper.readTree(record);
        } catch (IOException e) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "not a JSON object");
        }
        return node;
    }

    private static EnvelopeHeader header(JsonNode node) throws UndecodableRecord {
        String origin = requiredText(node, "origin");
        if (!TopicPolicy.isValidId(origin)) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "origin is not a cluster id: " + origin);
        }
        return new EnvelopeHeader(requiredText(node, "eventId"), origin, requiredLong(node, "seq"),
                requiredLong(node, "hlc"), requiredText(node, "type"), requiredLong(node, "schemaVersion").intValue());
    }

    private static String requiredText(JsonNode node, String field) throws UndecodableRecord {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "field " + field + " missing");
        }
        return value.asText();
    }

    private static Long requiredLong(JsonNode node, String field) throws UndecodableRecord {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new UndecodableRecord(UndecodableRecord.Reason.MALFORMED, "field " + field + " missing");
        }
        return value.asLong();
    }
}
