package io.roam.events;

import java.util.Objects;
import java.util.UUID;

/**
 * One event on the wire. {@code sequence} is dense per origin (1, 2, 3 …) and 0 for
 * heartbeats; {@code hlc} is the origin's hybrid logical clock when the fact happened.
 */
public record Envelope(String eventId, String origin, long sequence, long hlc, EventType type,
                       int schemaVersion, RoamingEvent payload) {

    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (type.javaType() != payload.getClass()) {
            throw new IllegalArgumentException("type " + type + " does not match " + payload.getClass());
        }
    }

    public static Envelope of(String eventId, String origin, long sequence, long hlc, RoamingEvent payload) {
        EventType type = EventType.of(payload);
        return new Envelope(eventId, origin, sequence, hlc, type, type.schemaVersion(), payload);
    }

    /** An envelope whose hlc is the payload's own. */
    public static Envelope of(String eventId, String origin, long sequence, RoamingEvent payload) {
        return of(eventId, origin, sequence, payload.hlc(), payload);
    }

    public static Envelope heartbeat(ClusterHeartbeat heartbeat) {
        return of(UUID.randomUUID().toString(), heartbeat.cluster(), 0, heartbeat);
    }

    public static Envelope heartbeat(HubHeartbeat heartbeat) {
        return of(UUID.randomUUID().toString(), heartbeat.hub(), 0, heartbeat);
    }

    public boolean isHeartbeat() {
        return type.isHeartbeat();
    }
}
