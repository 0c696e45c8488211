package io.roam.spoke.directory;

import io.roam.events.LoginMode;

import java.util.List;

/**
 * Where one DN is now: kept from one change to the next, or, while its owner has never logged
 * in, built on lookup from the owner's definition. {@code cluster} is the physical cluster, where
 * the user's phone stands, null when nobody is logged in; calls then go to {@code homeCluster}.
 * An EMCC login's calls go to its {@code registrationCluster} (the home), where the phone
 * registers. {@code devicePool} is the pool whose emergency route serves the phone, if any.
 */
public record DnEntry(String dn, String userId, String homeCluster, DnState state, String cluster,
                      List<String> devices, long sinceMillis, List<PendingLogout> pendingLogouts, LoginMode mode,
                      String registrationCluster, String devicePool) {

    /** The entry of a DN nobody is logged in for. */
    public static DnEntry notLoggedIn(String dn, String userId, String homeCluster, long sinceMillis,
                                      List<PendingLogout> pendingLogouts) {
        return new DnEntry(dn, userId, homeCluster, DnState.NOT_LOGGED_IN, null, List.of(), sinceMillis, pendingLogouts,
                null, null, null);
    }

    /** Where calls to the DN go. */
    public String target() {
        if (cluster == null) {
            return homeCluster;
        }
        return mode == LoginMode.EMCC ? registrationCluster : cluster;
    }

    /** The cluster whose device pools {@link #devicePool} names. */
    public String devicePoolCluster() {
        return mode == LoginMode.EMCC ? registrationCluster : cluster;
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
        h = fnv(h, mode == null ? "" : mode.name());
        h = fnv(h, registrationCluster == null ? "" : registrationCluster);
        h = fnv(h, devicePool == null ? "" : devicePool);
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
