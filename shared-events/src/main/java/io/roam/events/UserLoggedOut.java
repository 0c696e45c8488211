package io.roam.events;

/**
 * The end of one login, always recorded by the cluster that holds it. {@code supersededBy}
 * names the newer login when the reason is {@link LogoutReason#SUPERSEDED}, else null.
 */
public record UserLoggedOut(String loginId, String userId, String cluster, String device,
                            LogoutReason reason, String supersededBy, long hlc) implements RoamingEvent {
}
