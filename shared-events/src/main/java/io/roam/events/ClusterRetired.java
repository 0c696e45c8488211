package io.roam.events;

/**
 * An administrator declared that {@code cluster} will not return: every login it held before
 * {@code hlc} is over, everywhere, without waiting for the logout it can no longer send.
 */
public record ClusterRetired(String cluster, String retiredBy, long hlc) implements RoamingEvent {
}
