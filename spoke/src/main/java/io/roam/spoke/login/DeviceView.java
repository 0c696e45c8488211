package io.roam.spoke.login;

import io.roam.events.Geolocation;

/**
 * A phone of this cluster, its settings, the user logged in on it, if any, and the EM error with
 * which a user's home refused its latest EMCC login, if it did (null after a later login).
 */
public record DeviceView(String device, boolean emEnabled, boolean emccSupported, Geolocation geolocation,
                         String devicePool, String userId, String loginId, Integer lastRefusal) {

    public DeviceView withSession(String newUserId, String newLoginId) {
        return new DeviceView(device, emEnabled, emccSupported, geolocation, devicePool, newUserId, newLoginId,
                newLoginId == null ? lastRefusal : null);
    }

    public DeviceView refused(int code) {
        return new DeviceView(device, emEnabled, emccSupported, geolocation, devicePool, userId, loginId, code);
    }
}
