package io.roam.events;

/**
 * Membership, as ILS announces it: a cluster, the hub it is attached to, and the SIP route
 * string that calls to its logged-in users are sent to.
 */
public record ClusterAnnounced(String cluster, String hub, String routeString, long hlc) implements RoamingEvent {
}
