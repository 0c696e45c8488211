package io.roam.spoke;

/** The id of the cluster this spoke serves; injected into aggregates' command handlers. */
public record LocalCluster(String id, String hubId) {
}
