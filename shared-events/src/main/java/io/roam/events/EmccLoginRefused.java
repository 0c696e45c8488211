package io.roam.events;

/**
 * A user's home refused an EMCC login that a visiting cluster had recorded, for a reason only the
 * home can see; {@code code} is the EM error the seed gives it (37: a device of the phone's name is
 * configured at the home). The visiting cluster then ends the login ({@link LogoutReason#REFUSED}).
 */
public record EmccLoginRefused(String loginId, String userId, String homeCluster, String visitingCluster,
                               String device, int code, long hlc) implements RoamingEvent {
}
