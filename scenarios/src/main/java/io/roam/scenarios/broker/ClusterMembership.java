package io.roam.scenarios.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one broker belongs to a cluster of several: its node id, the controllers of a static KRaft
 * quorum (every broker is one), and the cluster id they all format with. Topics keep a copy on
 * every broker and take a write once a majority has it, so one broker down loses nothing
 * acknowledged and still takes writes; an out-of-sync replica never becomes leader.
 *
 * @param voters    every controller as {@code id@host:port}
 * @param clusterId the same for every broker of the cluster
 */
public record ClusterMembership(int nodeId, List<String> voters, String clusterId) {

    /**
     * A write with acks=all waits for every in-sync replica, so a frozen follower holds writes until
     * its leader drops it from the ISR: after this long, a third of Kafka's default.
     */
    public static final Duration REPLICA_LAG_MAX = Duration.ofSeconds(10);

    public ClusterMembership {
        voters = List.copyOf(voters);
        Objects.requireNonNull(clusterId, "clusterId");
        if (voters.size() < 3) {
            throw new IllegalArgumentException("a cluster needs at least three controllers, not " + voters);
        }
    }

    public int replicationFactor() {
        return voters.size();
    }

    public int minInsyncReplicas() {
        return majorityOf(voters.size());
    }

    /** The copies a write must reach so that one broker down of {@code copies} still takes writes and loses none. */
    public static int majorityOf(int copies) {
        return copies / 2 + 1;
    }

    /** Replaces the single node's quorum and replication settings. */
    Map<String, String> brokerProperties() {
        String copies = Integer.toString(replicationFactor());
        String majority = Integer.toString(minInsyncReplicas());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("node.id", Integer.toString(nodeId));
        properties.put("controller.quorum.voters", String.join(",", voters));
        properties.put("default.replication.factor", copies);
        properties.put("min.insync.replicas", majority);
        properties.put("offsets.topic.replication.factor", copies);
        properties.put("transaction.state.log.replication.factor", copies);
        properties.put("transaction.state.log.min.isr", majority);
        properties.put("share.coordinator.state.topic.replication.factor", copies);
        properties.put("share.coordinator.state.topic.min.isr", majority);
        properties.put("unclean.leader.election.enable", "false");
        properties.put("replica.lag.time.max.ms", Long.toString(REPLICA_LAG_MAX.toMillis()));
        return properties;
    }
}
