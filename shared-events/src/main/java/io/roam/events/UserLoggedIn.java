package io.roam.events;

/** An Extension Mobility login accepted at {@code cluster}. Its rank is (hlc, cluster). */
public record UserLoggedIn(String loginId, String userId, String cluster, String device, long hlc)
        implements RoamingEvent {
}
