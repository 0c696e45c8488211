package io.roam.events;

/**
 * About one a second per spoke; never stored and takes no sequence number. It lets receivers
 * see lag, staleness and clock offset while nobody logs in.
 */
public record ClusterHeartbeat(String cluster, long lastSequence, long wallTimeMillis, long hlc) implements RoamingEvent {
}
