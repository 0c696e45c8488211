package io.roam.spoke.login;

import io.roam.events.Geolocation;

/**
 * A phone of this cluster was added or changed: EM enabled, whether its model supports EMCC
 * (false in records written before EMCC), where it is and its device pool (absent from records
 * written before either: no geolocation, no pool). Local to the cluster: never replicated.
 */
public record DeviceConfigured(String device, String cluster, boolean emEnabled, boolean emccSupported,
                               Geolocation geolocation, String devicePool) {

    public DeviceConfigured {
        geolocation = geolocation == null ? Geolocation.NONE : geolocation;
    }
}
