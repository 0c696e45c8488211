package io.roam.events;

/**
 * The routing part of an envelope, readable without understanding the payload: what a hub
 * needs to relay (and police) an event of a type or schema version it does not know.
 */
public record EnvelopeHeader(String eventId, String origin, long sequence, long hlc, String type, int schemaVersion) {

    public boolean isHeartbeat() {
        return EventType.byWireName(type).filter(EventType::isHeartbeat).isPresent();
    }
}
