package io.roam.spoke.login;

import io.roam.events.LoginMode;

import java.util.List;

/**
 * A login's answer. {@code cluster} is where it was recorded (the phone's); an EMCC login's calls
 * go to its {@code registrationCluster}. {@code fellBack}: an EMCC login became a roaming one
 * because the user's home was down (roam.spoke.emcc.fallback-to-roaming).
 */
public record LoginResult(String device, String userId, String cluster, List<String> dns, String loginId, long hlc,
                          LoginMode mode, String registrationCluster, String devicePool, boolean fellBack) {
}
