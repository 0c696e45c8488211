package io.roam.spoke.directory;

import java.util.List;

/**
 * Where one DN is now: kept from one change to the next, or, while its owner has never logged
 * in, built on lookup from the owner's definition. {@code cluster} is null when nobody is
 * logged in; calls then go to {@code homeCluster}.
 */
public record DnEntry(String dn, String userId, String homeCluster, DnState state, String cluster,
                      List<String> devices, long sinceMillis, List<PendingLogout> pendingLogouts) {

    public String target() {
        return cluster != null ? cluster : homeCluster;
    }

    /**
     * A 64-bit hash of what two spokes must agree on once quiet: the routing facts, not timings.
     * FNV-1a over the fields, then MurmurHash3's finalizer; not cryptographic, and need not be:
     * it detects divergence, it does not defend against forgery.
     */
    long digestHash() {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, dn);
        h = fnv(h, userId);
        h = fnv(h, homeCluster);
        h = fnv(h, state.name());
        h = fnv(h, cluster == null ? "" : cluster);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long fnv(long h, String field) {
        for (int i = 0; i < field.length(); i++) {
            h = (h ^ field.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ 0x1f) * 0x100000001b3L;
    }
}
