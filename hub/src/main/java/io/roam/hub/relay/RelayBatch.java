package io.roam.hub.relay;

import io.roam.hub.membership.ClusterMembership;
import io.roam.hub.membership.Membership;
import io.roam.hub.membership.MembershipChangelog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What one poll amounts to: the records the hub writes for it (relayed copies, dead letters,
 * learned memberships and, when due, its own heartbeat), the membership they leave, and what to
 * count once they are written. Apart from the loop so that the loop reads as poll, route, write,
 * commit; the loop takes the membership and counts the batch only once it has committed.
 *
 * @param relayedTimestamps the timestamps of the input records relayed, for the relay lag
 */
record RelayBatch(List<ProducerRecord<byte[], byte[]>> records, Membership membership,
                  List<Long> relayedTimestamps, List<DeadLetterReason> deadLettered) {

    private static final Logger log = LoggerFactory.getLogger(RelayBatch.class);

    static RelayBatch route(ConsumerRecords<byte[], byte[]> polled, String hubId, RelayRouter router,
                            HeartbeatAggregator heartbeats, Membership membership) {
        Membership working = membership;
        List<ProducerRecord<byte[], byte[]>> written = new ArrayList<>();
        List<Long> relayedTimestamps = new ArrayList<>(polled.count());
        List<DeadLetterReason> deadLettered = new ArrayList<>();
        long nowMillis = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            Route route = router.route(record.topic(), record.value(), working);
            if (route instanceof Route.Forward forward) {
                written.addAll(RelayRecords.forwarded(record, forward, hubId));
                if (forward.learned().isPresent()) {
                    ClusterMembership learned = forward.learned().get();
                    working = working.learn(learned);
                    written.add(MembershipChangelog.record(hubId, learned));
                    log.info("Learned that {} belongs to {}", learned.cluster(), learned.hub());
                }
                relayedTimestamps.add(record.timestamp());
            } else if (route instanceof Route.Beats beats) {
                heartbeats.heard(beats.beats(), nowMillis);
            } else if (route instanceof Route.DeadLetter deadLetter) {
                written.add(RelayRecords.deadLetter(record, deadLetter, hubId));
                deadLettered.add(deadLetter.reason());
                log.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), deadLetter.describe());
            }
        }
        long nowNanos = System.nanoTime();
        if (heartbeats.due(nowNanos)) {
            written.addAll(heartbeats.emit(working, nowMillis, nowNanos));
        }
        return new RelayBatch(written, working, relayedTimestamps, deadLettered);
    }
}
