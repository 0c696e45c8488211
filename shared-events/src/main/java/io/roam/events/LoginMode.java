package io.roam.events;

/**
 * How a login routes its user's calls. ROAMING: to the cluster where the phone is, which
 * registers it. EMCC (Extension Mobility Cross Cluster): to the user's home cluster, where the
 * phone registers, while the login itself is recorded at the visiting cluster where it stands.
 */
public enum LoginMode { ROAMING, EMCC }
