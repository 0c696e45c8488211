package io.roam.spoke.login;

/**
 * A phone of this cluster was added or changed: EM enabled, and whether its model supports EMCC
 * (false in records written before EMCC). Local to the cluster: never replicated.
 */
public record DeviceConfigured(String device, String cluster, boolean emEnabled, boolean emccSupported) {
}
