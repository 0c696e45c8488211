package io.roam.hub.topics;

import io.roam.events.TopicPolicy;
import io.roam.hub.HubIdentity;
import io.roam.hub.membership.MembershipChangelog;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topics a hub needs before it relays: its spokes' outbound and inbound topics, its own mesh,
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

    public static List<NewTopic> required(HubIdentity hub, short replicationFactor) {
        List<NewTopic> topics = new ArrayList<>();
        for (String spoke : hub.spokes()) {
            topics.add(keptForever(TopicPolicy.spokeOutbound(spoke), replicationFactor));
            topics.add(keptForever(TopicPolicy.spokeInbound(spoke), replicationFactor));
        }
        topics.add(keptForever(TopicPolicy.hubMesh(hub.hubId()), replicationFactor));
        topics.add(keptForever(TopicPolicy.DEAD_LETTERS, replicationFactor));
        topics.add(new NewTopic(MembershipChangelog.topic(hub.hubId()), 1, replicationFactor).configs(COMPACTED));
        return topics;
    }

    private static NewTopic keptForever(String name, short replicationFactor) {
        return new NewTopic(name, 1, replicationFactor).configs(KEEP_FOREVER);
    }
}
