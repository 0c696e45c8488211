package io.roam.spoke.directory;

import io.roam.events.ClusterAnnounced;
import io.roam.events.ClusterRetired;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clusters as they last announced themselves, which are retired and since when, and the one
 * shared instance of each cluster name. Names are shared because each decoded event brings its
 * own copy and the directory keeps a cluster name in every user and login (the store benchmark
 * in docs/bench/ measures the heap per DN). Changed only under the directory's lock;
 * announcements are read without it.
 */
final class ClusterRegistry {

    private final Map<String, ClusterInfo> announced = new ConcurrentHashMap<>();
    /** Retired clusters and when: their logins from before that moment are over. */
    private final Map<String, Long> retiredAt = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();

    /** One instance per cluster name, however many events spelled it. */
    String name(String cluster) {
        return cluster == null ? null : names.computeIfAbsent(cluster, k -> k);
    }

    /** Keeps the latest announcement; true if DNs routed via the cluster now route differently. */
    boolean announce(ClusterAnnounced e) {
        ClusterInfo before = announced.get(e.cluster());
        ClusterInfo after = announced.merge(e.cluster(),
                new ClusterInfo(name(e.cluster()), e.hub(), e.routeString(), e.hlc(), e.emcc(),
                        e.emergencyRoute(), e.devicePools()),
                (old, neu) -> neu.hlc() >= old.hlc() ? neu : old);
        return before == null || before.routesDifferently(after);
    }

    /** Keeps the latest retirement of a cluster; true if this one is it. */
    boolean retire(ClusterRetired e) {
        if (e.hlc() <= retiredAt.getOrDefault(e.cluster(), Long.MIN_VALUE)) {
            return false;
        }
        retiredAt.put(name(e.cluster()), e.hlc());
        return true;
    }

    Optional<ClusterInfo> get(String cluster) {
        return Optional.ofNullable(announced.get(cluster));
    }

    Collection<ClusterInfo> all() {
        return List.copyOf(announced.values());
    }

    boolean isRetired(String cluster) {
        return retiredAt.containsKey(cluster);
    }

    boolean noneRetired() {
        return retiredAt.isEmpty();
    }

    /** Whether the login's cluster was retired after the login began, which ends it. */
    boolean retiredAfter(Login login) {
        return login.hlc() < retiredAt.getOrDefault(login.cluster(), Long.MIN_VALUE);
    }
}
