package io.roam.spoke.directory;

import io.roam.events.UserLoggedIn;

/** One EM login as every cluster sees it. */
public record Login(String loginId, String userId, String cluster, String device, long hlc) {

    public static Login of(UserLoggedIn event) {
        return new Login(event.loginId(), event.userId(), event.cluster(), event.device(), event.hlc());
    }

    public Rank rank() {
        return new Rank(hlc, cluster);
    }
}
