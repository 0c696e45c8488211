package io.roam.spoke.login;

import io.roam.events.Geolocation;

/** A phone of this cluster, its settings, and the user logged in on it, if any. */
public record DeviceView(String device, boolean emEnabled, boolean emccSupported, Geolocation geolocation,
                         String devicePool, String userId, String loginId) {

    public DeviceView withSession(String newUserId, String newLoginId) {
        return new DeviceView(device, emEnabled, emccSupported, geolocation, devicePool, newUserId, newLoginId);
    }
}
