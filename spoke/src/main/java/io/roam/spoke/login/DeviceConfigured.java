package io.roam.spoke.login;

/** A phone of this cluster was added or changed. Local to the cluster: never replicated. */
public record DeviceConfigured(String device, String cluster, boolean emEnabled) {
}
