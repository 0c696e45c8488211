package io.roam.events;

/** The home cluster deleted the user: a tombstone that outranks every earlier definition. */
public record UserRemoved(String userId, String homeCluster, long hlc) implements RoamingEvent {
}
