package io.roam.hub.membership;

import io.roam.events.TopicPolicy;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hub has learned about its peers' clusters, kept in a compacted topic of its own and
 * written in the same transaction as the relayed records and input offsets. A restarted or
 * standby instance reads it back on taking partitions over, so it polices the mesh as well as
 * its predecessor without replaying the history of every mesh.
 */
public final class MembershipChangelog {

    private static final Duration POLL = Duration.ofMillis(100);

    private MembershipChangelog() {
    }

    public static String topic(String hubId) {
        return TopicPolicy.hubMembers(hubId);
    }

    public static ProducerRecord<byte[], byte[]> record(String hubId, ClusterMembership membership) {
        return new ProducerRecord<>(topic(hubId), utf8(membership.cluster()), utf8(membership.hub()));
    }

    /**
     * Reads the changelog up to its last committed record; the consumer must be read_committed. A
     * tombstone (an operator's, to let a cluster move to another hub) forgets the cluster.
     */
    public static Map<String, String> restore(Consumer<byte[], byte[]> consumer, String hubId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = consumer.partitionsFor(topic(hubId), timeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            return Map.of();
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<String, String> clusterToHub = new HashMap<>();
        while (!reached(consumer, ends)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("membership changelog of " + hubId + " not read within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.key() == null) {
                    continue;
                }
                String cluster = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    clusterToHub.remove(cluster);
                } else {
                    clusterToHub.put(cluster, new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return clusterToHub;
    }

    private static boolean reached(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey(), POLL.multipliedBy(50)) >= end.getValue());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
