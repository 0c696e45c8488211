package io.roam.spoke.directory;

import io.roam.events.HybridLogicalClock;

import java.util.List;

/**
 * A user's definition as the directory keeps it: the routing facts of the event that provisioned
 * or removed them, ranked by (hlc, home cluster). A DN's claim is a definition too. A single DN is
 * kept bare, not in a list, because at a million users every object per user counts.
 *
 * @param dnOrDns the one DN, or a {@code List<String>} of none or several
 */
record Definition(String userId, Object dnOrDns, boolean superuser, boolean emcc, String selfServiceId,
                  String homeCluster, long hlc, boolean removed) {

    /** {@code homeCluster} should be the shared instance, {@link ClusterRegistry#name}. */
    static Definition of(String userId, List<String> dns, boolean superuser, boolean emcc, String selfServiceId,
                         String homeCluster, long hlc, boolean removed) {
        Object dnOrDns = dns.size() == 1 ? dns.get(0) : List.copyOf(dns);
        return new Definition(userId, dnOrDns, superuser, emcc, selfServiceId, homeCluster, hlc, removed);
    }

    @SuppressWarnings("unchecked")
    List<String> dns() {
        return dnOrDns instanceof String dn ? List.of(dn) : (List<String>) dnOrDns;
    }

    String primaryDn() {
        if (dnOrDns instanceof String dn) {
            return dn;
        }
        List<String> dns = dns();
        return dns.isEmpty() ? null : dns.get(0);
    }

    /** The entry of one of its DNs while its user has never logged in: {@link UserRecord#entryFor} then. */
    DnEntry homeEntry(String dn) {
        return DnEntry.notLoggedIn(dn, userId, homeCluster, HybridLogicalClock.wallMillis(Math.max(0, hlc)), List.of());
    }

    boolean lists(String dn) {
        return dnOrDns instanceof String one ? one.equals(dn) : dns().contains(dn);
    }

    /** The same order as {@link Rank}: hlc first, home cluster to break ties. */
    boolean outranks(Definition other) {
        return other == null || hlc > other.hlc || hlc == other.hlc && homeCluster.compareTo(other.homeCluster) > 0;
    }
}
