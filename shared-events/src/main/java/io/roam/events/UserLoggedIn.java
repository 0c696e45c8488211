package io.roam.events;

/**
 * An Extension Mobility login accepted at {@code cluster}, where the phone stands. Its rank is
 * (hlc, cluster), whatever its mode. An EMCC login names its {@code registrationCluster}, the
 * user's home, where the phone registers and calls go; a roaming login has none. Receivers that
 * predate the mode read every login as roaming: enable EMCC only once every spoke knows it.
 * {@code devicePool} names the pool whose emergency route serves the phone: the device's own at
 * {@code cluster} for a roaming login, the home's roaming device pool for an EMCC one; null for none.
 */
public record UserLoggedIn(String loginId, String userId, String cluster, String device, long hlc,
                           LoginMode mode, String registrationCluster, String devicePool) implements RoamingEvent {

    public UserLoggedIn {
        if (mode == null) {
            mode = LoginMode.ROAMING;
        }
        if (mode == LoginMode.ROAMING) {
            registrationCluster = null;
        } else if (registrationCluster == null || registrationCluster.isBlank()) {
            throw new IllegalArgumentException("an EMCC login names its registration cluster");
        }
    }

    /** A roaming login. */
    public UserLoggedIn(String loginId, String userId, String cluster, String device, long hlc) {
        this(loginId, userId, cluster, device, hlc, LoginMode.ROAMING, null, null);
    }

}
