package io.roam.spoke.eventstore;

/**
 * Which stored fact a projection is applying: its number in the spoke-local change sequence,
 * the same at the replay and live, so a change feed position names the same fact after a restart.
 */
public record StoredEvent(long changeSeq) {
}
