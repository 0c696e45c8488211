package io.roam.spoke.replication;

import io.roam.events.ClusterHeartbeat;
import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.events.TopicPolicy;
import io.roam.events.UndecodableRecord;
import io.roam.spoke.LocalCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The full sync of ILS, for a spoke that starts with an empty store: one that joins late or
 * lost its data. Every spoke's outbound topic keeps its whole history, so the spoke reads them
 * all: its own back into its store and outbox (so its sequence numbers carry on where they
 * were, instead of restarting at 1 and being dropped everywhere as duplicates), the others'
 * through the applier. Only records whose origin owns the topic are taken, as a hub would, and
 * the applier refuses, own history included, every payload that is not its origin's to state.
 *
 * <p>A sync that is cut short is resumed at the next start, never left half done: the
 * {@code full_sync} row marks it until the end, and what was restored already is skipped.
 *
 * <p>Afterwards the spoke reads its hub's feed from the feed's committed end as it was before the
 * first outbound topic was read, not from its beginning: whatever the hub wrote to the feed
 * before then it had read from an outbound topic before then, and the sync reads each of those
 * to its end later still.
 */
@Component
class FullSync {

    private static final Logger log = LoggerFactory.getLogger(FullSync.class);
    /** Enough to hold a heartbeat however busy the spoke was: it sends one about every second. */
    private static final int TAIL_RECORDS = 2_000;

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final InboundApplier applier;
    private final Outbox outbox;
    private final KafkaSettings kafka;
    private final InboundStore inboundStore;
    private final String cluster;
    private volatile boolean ownTopicChecked;

    FullSync(JdbcTemplate jdbc, EventCodec codec, InboundApplier applier, Outbox outbox, KafkaSettings kafka,
             InboundStore inboundStore, LocalCluster cluster) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.applier = applier;
        this.outbox = outbox;
        this.kafka = kafka;
        this.inboundStore = inboundStore;
        this.cluster = cluster.id();
    }

    /** A new store, or a sync that did not finish. */
    boolean needed() {
        return count("full_sync") > 0 || (count("inbound_position") == 0 && count("outbox") == 0);
    }

    /**
     * Reads every spoke outbound topic to its end; {@code others} gets the foreign envelopes in
     * batches. Returns false, and leaves the store a new cluster's, only when the broker did not
     * answer before anything of this spoke's own history was restored.
     *
     * @throws IllegalStateException when the broker failed after own history was restored: going
     *                               on would reuse sequence numbers the network already has
     */
    boolean run(Duration timeout, Consumer<List<Envelope>> others) {
        jdbc.update("MERGE INTO full_sync KEY (id) VALUES (1, ?)", System.currentTimeMillis());
        try {
            TopicPartition input = applier.input();
            // without a feed yet, no position: the consumer then catches up again once the hub creates it
            readOutboundTopics(timeout, others, owner -> true).ifPresent(end -> inboundStore.startInput(input.topic(),
                    input.partition(), new InboundStore.InputPosition(end, null)));
        } catch (KafkaException e) {
            if (count("outbox") > 0) {
                throw new IllegalStateException("full sync cut short after restoring part of this spoke's own history; "
                        + "it resumes at the next start", e);
            }
            log.warn("no full sync, the broker did not answer within {}: starting as a new cluster ({})", timeout,
                    e.toString());
            jdbc.update("DELETE FROM full_sync");
            return false;
        }
        jdbc.update("DELETE FROM full_sync");
        ownTopicChecked = true;
        return true;
    }

    /**
     * Reads every other spoke's outbound topic into {@code others}, for a running spoke whose
     * hub's feed lost what it had not read yet, or that has no position in it; its own history is
     * in its store already. Returns where to read the feed from: its committed end before the first
     * outbound topic was read, empty while the hub has not created it.
     */
    Optional<Long> catchUpWithOthers(Duration timeout, Consumer<List<Envelope>> others) {
        return readOutboundTopics(timeout, others, owner -> !owner.equals(cluster));
    }

    /**
     * For a spoke that has a store: takes back the own events its outbound topic has beyond the
     * store's last number, as a full sync takes back a lost store's, so that no number is given
     * twice. A store loses its tail to power loss or a restored backup; peers would otherwise drop
     * the events numbered again as duplicates. Returns whether it took any back.
     */
    boolean restoreOwnTail(Duration timeout) {
        long stored = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM outbox", Long.class);
        long published = ownTopicHighSequence(timeout);
        if (published <= stored) {
            ownTopicChecked = true;
            return false;
        }
        log.warn("this spoke's store ends at own event {} but its outbound topic has events up to {}: "
                + "taking them back from the topic before numbering anything new", stored, published);
        readOutboundTopics(timeout, others -> { }, cluster::equals);
        ownTopicChecked = true;
        return true;
    }

    /** The store holds every own number its outbound topic has: a full sync or the check at start found so. */
    boolean ownTopicChecked() {
        return ownTopicChecked;
    }

    /**
     * The highest own number on this spoke's outbound topic, from its last records: events are
     * there in order, and each heartbeat names the last number the broker acknowledged.
     */
    long ownTopicHighSequence(Duration timeout) {
        String topic = TopicPolicy.spokeOutbound(cluster);
        try (KafkaConsumer<String, byte[]> consumer = consumer(timeout)) {
            if (!consumer.listTopics(timeout).containsKey(topic)) {
                return 0;
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long first = consumer.beginningOffsets(List.of(partition)).get(partition);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, Math.max(first, end - TAIL_RECORDS));
            long high = 0;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                    high = Math.max(high, ownNumber(record.value()));
                }
            }
            return high;
        }
    }

    private long ownNumber(byte[] value) {
        try {
            Envelope envelope = codec.decode(value);
            if (!envelope.origin().equals(cluster)) {
                return 0;
            }
            if (envelope.payload() instanceof ClusterHeartbeat heartbeat) {
                return heartbeat.lastSequence();
            }
            return envelope.isHeartbeat() ? 0 : envelope.sequence();
        } catch (UndecodableRecord e) {
            return 0;
        }
    }

    private KafkaConsumer<String, byte[]> consumer(Duration timeout) {
        Map<String, Object> props = kafka.common();
        props.put("enable.auto.commit", false);
        props.put("isolation.level", "read_committed");
        props.put("allow.auto.create.topics", false);
        props.put("default.api.timeout.ms", (int) Math.max(1000, timeout.toMillis()));
        props.put("client.id", "spoke-" + cluster + "-full-sync");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads the outbound topics of the spokes {@code owners} accepts: this spoke's into its store,
     * others' into {@code others}. Returns the hub's feed's committed end as it was before the first
     * of them was read, empty while the hub has not created it.
     */
    private Optional<Long> readOutboundTopics(Duration timeout, Consumer<List<Envelope>> others, Predicate<String> owners) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(timeout)) {
            Set<String> topics = consumer.listTopics(timeout).keySet();
            TopicPartition input = applier.input();
            Optional<Long> feedEnd = topics.contains(input.topic())
                    ? Optional.of(consumer.endOffsets(List.of(input)).get(input)) : Optional.empty();
            List<String> outbound = topics.stream().filter(t -> TopicPolicy.spokeOfOutbound(t).isPresent()).sorted().toList();
            long restoredThrough = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM outbox", Long.class);
            long restored = 0;
            long foreign = 0;
            for (String topic : outbound) {
                String owner = TopicPolicy.spokeOfOutbound(topic).orElseThrow();
                if (!owners.test(owner)) {
                    continue;
                }
                boolean own = owner.equals(cluster);
                for (List<Envelope> batch : (Iterable<List<Envelope>>) () -> read(consumer, topic, owner).iterator()) {
                    if (own) {
                        List<Envelope> missing = batch.stream().filter(e -> e.sequence() > restoredThrough).toList();
                        if (!missing.isEmpty()) {
                            restoreOwn(missing);
                            restored += missing.size();
                        }
                    } else {
                        others.accept(batch);
                        foreign += batch.size();
                    }
                }
            }
            log.info("full sync: restored {} own events, read {} from {} other spokes", restored, foreign,
                    Math.max(0, outbound.size() - 1));
            return feedEnd;
        }
    }

    private List<List<Envelope>> read(KafkaConsumer<String, byte[]> consumer, String topic, String owner) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        List<List<Envelope>> batches = new ArrayList<>();
        while (consumer.position(partition) < end) {
            List<Envelope> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                try {
                    Envelope envelope = codec.decode(record.value());
                    if (envelope.origin().equals(owner) && !envelope.isHeartbeat()) {
                        batch.add(envelope);
                    }
                } catch (UndecodableRecord e) {
                    log.warn("full sync skips an undecodable record at {}@{}: {}", topic, record.offset(), e.getMessage());
                }
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
        }
        return batches;
    }

    private void restoreOwn(List<Envelope> batch) {
        applier.applyOwnHistory(batch, () -> outbox.restore(batch));
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }
}
