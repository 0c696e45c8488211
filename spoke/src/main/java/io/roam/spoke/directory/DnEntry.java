package io.roam.spoke.directory;

import java.util.List;

/**
 * Where one DN is now, precomputed on every change so that a lookup is a single map read.
 * {@code cluster} is null when nobody is logged in; calls then go to {@code homeCluster}.
 */
public record DnEntry(String dn, String userId, String homeCluster, DnState state, String cluster,
                      List<String> devices, long sinceMillis, List<PendingLogout> pendingLogouts) {

    public String target() {
        return cluster != null ? cluster : homeCluster;
    }

    /** What two spokes must agree on once quiet: the routing facts, not timings. */
    String digestLine() {
        return dn + '|' + userId + '|' + homeCluster + '|' + state + '|' + cluster;
    }
}
