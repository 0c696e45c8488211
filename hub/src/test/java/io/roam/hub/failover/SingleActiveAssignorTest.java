package io.roam.hub.failover;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SingleActiveAssignorTest {

    private static final Node BROKER = new Node(1, "127.0.0.1", 9092);
    private static final List<String> TOPICS = List.of("ils.spoke.cluster-1.out", "ils.hub.hub-b.mesh");
    private final Cluster cluster = new Cluster("c", List.of(BROKER), List.of(
            partition("ils.spoke.cluster-1.out", 0), partition("ils.hub.hub-b.mesh", 0), partition("ils.hub.hub-b.mesh", 1)),
            Set.of(), Set.of());

    @Test
    void the_instance_that_joined_first_gets_every_partition_and_the_others_stand_by() {
        Subscription early = subscription(new SingleActiveAssignor(1_000));
        Subscription late = subscription(new SingleActiveAssignor(2_000));

        GroupAssignment assignment = new SingleActiveAssignor(3_000).assign(cluster,
                new GroupSubscription(Map.of("member-z", early, "member-a", late)));

        assertThat(assignment.groupAssignment().get("member-z").partitions()).containsExactly(
                new TopicPartition("ils.hub.hub-b.mesh", 0), new TopicPartition("ils.hub.hub-b.mesh", 1),
                new TopicPartition("ils.spoke.cluster-1.out", 0));
        assertThat(assignment.groupAssignment().get("member-a").partitions()).isEmpty();
    }

    @Test
    void a_lone_instance_is_active() {
        GroupAssignment assignment = new SingleActiveAssignor().assign(cluster,
                new GroupSubscription(Map.of("only", subscription(new SingleActiveAssignor()))));

        assertThat(assignment.groupAssignment().get("only").partitions()).hasSize(3);
    }

    private static Subscription subscription(SingleActiveAssignor member) {
        return new Subscription(TOPICS, member.subscriptionUserData(Set.copyOf(TOPICS)));
    }

    private static PartitionInfo partition(String topic, int partition) {
        return new PartitionInfo(topic, partition, BROKER, new Node[]{BROKER}, new Node[]{BROKER});
    }
}
