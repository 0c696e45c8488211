package io.roam.hub.membership;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembershipChangelogTest {

    private static final String TOPIC = "ils.hub.hub-a.members";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    @Test
    void each_hub_keeps_its_own_changelog_keyed_by_cluster() {
        ProducerRecord<byte[], byte[]> record = MembershipChangelog.record("hub-a", new ClusterMembership("cluster-3", "hub-b"));

        assertThat(record.topic()).isEqualTo(TOPIC);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("cluster-3");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("hub-b");
    }

    @Test
    void restoring_reads_up_to_the_end_the_latest_entry_wins_and_a_tombstone_forgets() {
        changelogOf(3);
        consumer.schedulePollTask(() -> {
            consumer.addRecord(entry(0, "cluster-3", "hub-b"));
            consumer.addRecord(entry(1, "cluster-4", "hub-c"));
            consumer.addRecord(entry(2, "cluster-3", null));
        });

        assertThat(MembershipChangelog.restore(consumer, "hub-a", Duration.ofSeconds(5))).isEqualTo(Map.of("cluster-4", "hub-c"));
    }

    @Test
    void an_empty_changelog_restores_nothing() {
        changelogOf(0);

        assertThat(MembershipChangelog.restore(consumer, "hub-a", Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void a_changelog_that_cannot_be_read_to_its_end_in_time_is_a_retriable_timeout() {
        changelogOf(5);

        assertThatThrownBy(() -> MembershipChangelog.restore(consumer, "hub-a", Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
    }

    private void changelogOf(long endOffset) {
        Node broker = new Node(1, "127.0.0.1", 9092);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, broker, new Node[]{broker}, new Node[]{broker})));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, endOffset));
    }

    private static ConsumerRecord<byte[], byte[]> entry(long offset, String cluster, String hub) {
        return new ConsumerRecord<>(TOPIC, 0, offset, cluster.getBytes(StandardCharsets.UTF_8),
                hub == null ? null : hub.getBytes(StandardCharsets.UTF_8));
    }
}
