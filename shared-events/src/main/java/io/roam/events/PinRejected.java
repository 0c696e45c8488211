package io.roam.events;

/** A wrong PIN for the user at some cluster; counted network-wide for the lockout. */
public record PinRejected(String userId, String cluster, String device, long hlc) implements RoamingEvent {
}
