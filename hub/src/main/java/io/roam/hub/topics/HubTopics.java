package io.roam.hub.topics;

import io.roam.events.TopicPolicy;
import io.roam.hub.HubIdentity;
import io.roam.hub.membership.MembershipChangelog;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics a hub needs before it relays: its spokes' outbound topics, its own mesh and feed,
 * the dead letters and its membership changelog. One partition each keeps every origin in order.
 */
public final class HubTopics {

    /** A spoke that joins late or lost its data gets the full history: nothing may ever be deleted. */
    static final Map<String, String> KEEP_FOREVER = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1");

    /** Only the latest membership of each cluster matters. */
    static final Map<String, String> COMPACTED = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    private HubTopics() {
    }

    /**
     * Every topic with {@code replicationFactor} copies, of which {@code minInsyncReplicas} must have
     * a write before it is acknowledged: set on the topic, so it holds whatever the brokers' defaults.
     */
    public static List<NewTopic> required(HubIdentity hub, short replicationFactor, int minInsyncReplicas) {
        Map<String, String> keptForever = withMinInsync(KEEP_FOREVER, minInsyncReplicas);
        List<NewTopic> topics = new ArrayList<>();
        for (String spoke : hub.spokes()) {
            topics.add(topic(TopicPolicy.spokeOutbound(spoke), replicationFactor, keptForever));
        }
        topics.add(topic(TopicPolicy.hubMesh(hub.hubId()), replicationFactor, keptForever));
        topics.add(topic(TopicPolicy.hubFeed(hub.hubId()), replicationFactor, keptForever));
        topics.add(topic(TopicPolicy.DEAD_LETTERS, replicationFactor, keptForever));
        topics.add(topic(MembershipChangelog.topic(hub.hubId()), replicationFactor, withMinInsync(COMPACTED, minInsyncReplicas)));
        return topics;
    }

    private static Map<String, String> withMinInsync(Map<String, String> configs, int minInsyncReplicas) {
        Map<String, String> all = new HashMap<>(configs);
        all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        return all;
    }

    private static NewTopic topic(String name, short replicationFactor, Map<String, String> configs) {
        return new NewTopic(name, 1, replicationFactor).configs(configs);
    }
}
