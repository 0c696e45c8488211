package io.roam.hub.relay;

import io.roam.events.UndecodableRecord;

/** Why a hub refused to relay a record. The first word of the {@code roam-dlq-reason} header. */
public enum DeadLetterReason {
    /** Not an envelope: not JSON, or envelope fields missing. */
    MALFORMED,
    /** An event type no version of the contract defines. */
    UNKNOWN_TYPE,
    /** Larger than any real event. */
    OVERSIZED,
    /** The origin may not write where the record was found (docs/design.md, rule 9 and Topics). */
    FORGED_ORIGIN,
    /** A membership announcement naming another cluster or hub than the one it travelled through. */
    FORGED_ANNOUNCEMENT,
    /** A payload that is not its origin's to state: a login at another cluster, another home's user (OriginPolicy). */
    FORGED_PAYLOAD;

    static DeadLetterReason of(UndecodableRecord.Reason reason) {
        return switch (reason) {
            case MALFORMED -> MALFORMED;
            case UNKNOWN_TYPE -> UNKNOWN_TYPE;
            case OVERSIZED -> OVERSIZED;
            // Relays forward newer versions untouched; the receiving spokes park them.
            case NEWER_SCHEMA -> throw new IllegalArgumentException("a newer schema version is relayed, not dead-lettered");
        };
    }
}
