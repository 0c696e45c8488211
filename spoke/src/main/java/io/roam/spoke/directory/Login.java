package io.roam.spoke.directory;

import io.roam.events.LoginMode;
import io.roam.events.UserLoggedIn;

/**
 * One EM login as every cluster sees it. {@code cluster} is where the phone stands and where the
 * login was recorded, whatever its mode: rank and supersession read only that.
 */
public record Login(String loginId, String userId, String cluster, String device, long hlc, LoginMode mode,
                    String registrationCluster, String devicePool) {

    public Login {
        if (mode == null) {
            mode = LoginMode.ROAMING;
        }
    }

    /** A roaming login. */
    public Login(String loginId, String userId, String cluster, String device, long hlc) {
        this(loginId, userId, cluster, device, hlc, LoginMode.ROAMING, null, null);
    }

    public static Login of(UserLoggedIn event) {
        return new Login(event.loginId(), event.userId(), event.cluster(), event.device(), event.hlc(), event.mode(),
                event.registrationCluster(), event.devicePool());
    }

    public Rank rank() {
        return new Rank(hlc, cluster);
    }
}
