package io.roam.hub.membership;

/** A cluster and the hub it is attached to, as announced by the cluster itself. */
public record ClusterMembership(String cluster, String hub) {
}
