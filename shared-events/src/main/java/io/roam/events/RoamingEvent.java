package io.roam.events;

/**
 * A fact that crosses cluster boundaries. Every implementation is a record in this package,
 * registered in {@link EventType} under its wire name.
 */
public sealed interface RoamingEvent
        permits UserProvisioned, UserRemoved, UserLoggedIn, UserLoggedOut, PinRejected, UserUnlocked, EmccLoginRefused,
                ClusterAnnounced, ClusterRetired, ClusterHeartbeat, HubHeartbeat {

    /** The origin's hybrid logical clock when the fact happened (or the heartbeat was sent). */
    long hlc();
}
