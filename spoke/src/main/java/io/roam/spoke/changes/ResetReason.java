package io.roam.spoke.changes;

/** Why a stream starts over from a snapshot instead of going on from a position. */
public enum ResetReason {
    /** The position is not one this store issued: unreadable, or beyond its last event. */
    UNKNOWN_POSITION,
    /** The position comes from another incarnation of the store (the data directory was wiped or replaced). */
    OTHER_STORE,
    /** The changes after the position are no longer retained. */
    EXPIRED,
    /** This stream read so slowly that the changes it had not yet sent were dropped from the retained ones. */
    FELL_BEHIND
}
