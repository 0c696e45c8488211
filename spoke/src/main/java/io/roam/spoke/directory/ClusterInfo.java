package io.roam.spoke.directory;

/** Membership as a cluster announced it: its hub and the SIP route string for calls to it. */
public record ClusterInfo(String cluster, String hub, String routeString, long hlc) {
}
