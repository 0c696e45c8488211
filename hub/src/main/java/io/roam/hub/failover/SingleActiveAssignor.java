package io.roam.hub.failover;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Active/standby for the instances of one hub: every input partition goes to one member of the
 * group, the one that joined first; the others get nothing and stand by. Spreading partitions
 * (what the stock assignors do) would split one hub's relay, and its knowledge of membership,
 * across processes. Joining first keeps a restarted instance from taking over from a healthy one.
 */
public final class SingleActiveAssignor implements ConsumerPartitionAssignor {

    public static final String NAME = "roam-single-active";

    private final long joinedAtMillis;

    public SingleActiveAssignor() {
        this(System.currentTimeMillis());
    }

    SingleActiveAssignor(long joinedAtMillis) {
        this.joinedAtMillis = joinedAtMillis;
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, joinedAtMillis);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        String active = members.entrySet().stream()
                .min(Comparator.<Map.Entry<String, Subscription>>comparingLong(member -> joinedAt(member.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .orElseThrow();
        Map<String, Assignment> assignments = new HashMap<>();
        for (Map.Entry<String, Subscription> member : members.entrySet()) {
            List<TopicPartition> partitions = member.getKey().equals(active)
                    ? allPartitions(metadata, member.getValue().topics())
                    : List.of();
            assignments.put(member.getKey(), new Assignment(partitions));
        }
        return new GroupAssignment(assignments);
    }

    @Override
    public String name() {
        return NAME;
    }

    private static long joinedAt(Subscription subscription) {
        ByteBuffer userData = subscription.userData();
        return userData != null && userData.remaining() >= Long.BYTES ? userData.getLong(userData.position()) : Long.MAX_VALUE;
    }

    private static List<TopicPartition> allPartitions(Cluster metadata, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo partition : metadata.partitionsForTopic(topic)) {
                partitions.add(new TopicPartition(topic, partition.partition()));
            }
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return partitions;
    }
}
