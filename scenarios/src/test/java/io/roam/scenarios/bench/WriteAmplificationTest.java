package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WriteAmplificationTest {

    @Test
    void offsetsGrowByKindOfTopicAndANewPartitionGrowsFromZero() {
        Map<TopicPartition, Long> before = Map.of(
                tp("ils.spoke.cluster-1.out"), 10L,
                tp("ils.hub.hub-a.feed"), 5L,
                tp("ils.hub.hub-a.mesh"), 3L,
                tp("__consumer_offsets"), 100L);
        Map<TopicPartition, Long> after = Map.of(
                tp("ils.spoke.cluster-1.out"), 12L,
                tp("ils.hub.hub-a.feed"), 9L,
                tp("ils.hub.hub-a.mesh"), 5L,
                tp("ils.hub.hub-a.members"), 1L,
                tp("ils.dead-letters"), 0L,
                tp("__consumer_offsets"), 104L,
                tp("bench.floor.x.0"), 7L);

        BrokerWrites writes = BrokerWrites.between(before, after);

        assertThat(writes).isEqualTo(new BrokerWrites(2, 2, 4, 1, 0, 4, 7));
        assertThat(writes.total()).isEqualTo(20);
    }

    @Test
    void loginRecordsHeartbeatsAndTheRestPerLogin() {
        // 2 hubs, 10 logins: 10 on outbound topics and 30 copies (a mesh, two feeds); 30 heartbeat records; 140 offsets in all.
        WriteAmplification w = new WriteAmplification(10, 2.0, new BrokerWrites(20, 20, 60, 0, 0, 40, 0), 30, 30, 2);

        assertThat(w.allPerLogin()).isEqualTo(14.0);
        assertThat(w.loginRecordsPerLogin()).isEqualTo(4.0);
        assertThat(w.expectedLoginRecords()).isEqualTo(4);
        assertThat(w.heartbeatRecordsPerLogin()).isEqualTo(3.0);
        assertThat(w.overheadPerLogin()).isEqualTo(7.0);
    }

    private static TopicPartition tp(String topic) {
        return new TopicPartition(topic, 0);
    }
}
