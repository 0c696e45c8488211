package io.roam.hub.membership;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which hub each cluster belongs to: this hub's own spokes from configuration, the peers'
 * clusters as they announced themselves. Immutable, so a batch can work on a copy that is kept
 * only if its transaction commits.
 */
public final class Membership {

    private final String ownHub;
    private final Set<String> ownSpokes;
    private final Map<String, String> announcedByPeers;

    private Membership(String ownHub, Set<String> ownSpokes, Map<String, String> announcedByPeers) {
        this.ownHub = ownHub;
        this.ownSpokes = ownSpokes;
        this.announcedByPeers = announcedByPeers;
    }

    public static Membership of(String ownHub, Collection<String> ownSpokes) {
        return new Membership(ownHub, Set.copyOf(ownSpokes), Map.of());
    }

    public Set<String> ownSpokes() {
        return ownSpokes;
    }

    public boolean isOwnSpoke(String cluster) {
        return ownSpokes.contains(cluster);
    }

    public Optional<String> hubOf(String cluster) {
        return isOwnSpoke(cluster) ? Optional.of(ownHub) : Optional.ofNullable(announcedByPeers.get(cluster));
    }

    public Membership learn(ClusterMembership membership) {
        Map<String, String> learned = new HashMap<>(announcedByPeers);
        learned.put(membership.cluster(), membership.hub());
        return new Membership(ownHub, ownSpokes, Map.copyOf(learned));
    }

    /** The same own spokes with the peers' clusters replaced, e.g. by those restored from the changelog. */
    public Membership withPeerClusters(Map<String, String> clusterToHub) {
        return new Membership(ownHub, ownSpokes, Map.copyOf(clusterToHub));
    }

    /** Every known cluster and its hub, sorted by cluster. */
    public Map<String, String> clusters() {
        Map<String, String> clusters = new TreeMap<>(announcedByPeers);
        ownSpokes.forEach(spoke -> clusters.put(spoke, ownHub));
        return clusters;
    }

    /** The hubs whose clusters have announced themselves to this hub. */
    public SortedSet<String> peerHubs() {
        return new TreeSet<>(announcedByPeers.values());
    }
}
