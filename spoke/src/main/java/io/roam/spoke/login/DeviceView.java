package io.roam.spoke.login;

/** A phone of this cluster and the user logged in on it, if any. */
public record DeviceView(String device, boolean emEnabled, boolean emccSupported, String userId, String loginId) {

    public DeviceView withSession(String newUserId, String newLoginId) {
        return new DeviceView(device, emEnabled, emccSupported, newUserId, newLoginId);
    }
}
