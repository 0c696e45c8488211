package io.roam.scenarios.bench;

import io.roam.events.TopicPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets the broker handed out between two moments, by kind of topic. An offset is a data
 * record or a transaction marker (each hub transaction ends with one marker per partition it
 * wrote, its input offsets included), so this counts everything the broker appended. The
 * internal topics hold the hubs' transactional offset commits and transaction log.
 */
record BrokerWrites(long out, long mesh, long feed, long members, long deadLetters, long internal, long other) {

    long total() {
        return out + mesh + feed + members + deadLetters + internal + other;
    }

    /** The growth of every partition's log end offset; a partition that appeared in between grew from 0. */
    static BrokerWrites between(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        long[] sums = new long[7];
        after.forEach((partition, end) -> sums[kind(partition.topic())] += end - before.getOrDefault(partition, 0L));
        return new BrokerWrites(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6]);
    }

    private static int kind(String topic) {
        if (TopicPolicy.spokeOfOutbound(topic).isPresent()) {
            return 0;
        }
        if (TopicPolicy.hubOfMesh(topic).isPresent()) {
            return 1;
        }
        if (TopicPolicy.hubOfFeed(topic).isPresent()) {
            return 2;
        }
        if (topic.startsWith("ils.hub.") && topic.endsWith(".members")) {
            return 3;
        }
        if (topic.equals(TopicPolicy.DEAD_LETTERS)) {
            return 4;
        }
        return topic.startsWith("__") ? 5 : 6;
    }

    /** The log end offset of every partition of every topic, internal ones included. */
    static Map<TopicPartition, Long> logEnds(Admin admin, Duration timeout) throws InterruptedException {
        long millis = timeout.toMillis();
        try {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(millis, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(millis, TimeUnit.MILLISECONDS)
                    .values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end
                    : admin.listOffsets(latest).all().get(millis, TimeUnit.MILLISECONDS).entrySet()) {
                ends.put(end.getKey(), end.getValue().offset());
            }
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the broker's log end offsets: " + e, e);
        }
    }
}
