package io.roam.spoke.replication;

import io.roam.events.ClusterHeartbeat;
import io.roam.events.EventCodec;
import io.roam.events.Envelope;
import io.roam.events.EnvelopeHeader;
import io.roam.events.HybridLogicalClock;
import io.roam.events.TopicPolicy;
import io.roam.events.UndecodableRecord;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.eventstore.LocalStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies foreign events from this spoke's inbound topic exactly once: each batch appends the
 * new facts to the local store, and records the (origin, sequence) reached and the next input
 * offset, in one transaction. On start it seeks to that offset; anything read twice is dropped
 * by sequence. A gap in an origin's sequence is waited for, never skipped.
 */
@Component
public class InboundApplier implements SmartLifecycle {

    static final String ORIGIN = "origin";
    static final String ORIGIN_SEQUENCE = "originSeq";
    private static final String REMOTE_AGGREGATE_TYPE = "Origin";
    private static final Logger log = LoggerFactory.getLogger(InboundApplier.class);

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final KafkaSettings kafka;
    private final LocalStore store;
    private final OriginTracker origins;
    private final HybridLogicalClock clock;
    private final String cluster;
    private final TopicPartition input;
    private final int batchSize;
    private final Map<String, TreeMap<Long, Held>> held = new HashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final Set<String> parkedOrigins = new HashSet<>();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile boolean caughtUp;
    private Thread thread;

    public InboundApplier(JdbcTemplate jdbc, EventCodec codec, KafkaSettings kafka, LocalStore store,
                          OriginTracker origins, HybridLogicalClock clock, LocalCluster cluster,
                          SpokeProperties properties) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.kafka = kafka;
        this.store = store;
        this.origins = origins;
        this.clock = clock;
        this.cluster = cluster.id();
        this.input = new TopicPartition(TopicPolicy.spokeInbound(cluster.id()), 0);
        this.batchSize = properties.replication().applierBatchSize();
    }

    /** True for facts this spoke observed from another cluster, false for its own. */
    public static boolean isRemote(EventMessage<?> message) {
        return message.getMetaData().containsKey(ORIGIN);
    }

    private record Held(Envelope envelope, long offset) {
    }

    private record DeadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    }

    @Override
    public void start() {
        jdbc.query("SELECT origin, last_seq FROM origin_position", rs -> {
            origins.restore(rs.getString(1), rs.getLong(2));
        });
        jdbc.query("SELECT DISTINCT origin FROM parked", rs -> {
            parkedOrigins.add(rs.getString(1));
        });
        deadLettered.set(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class));
        parked.set(jdbc.queryForObject("SELECT COUNT(*) FROM parked", Long.class));
        running = true;
        thread = new Thread(this::run, "inbound-applier");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }

    public long duplicatesDropped() {
        return duplicates.get();
    }

    public long applied() {
        return applied.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long parked() {
        return parked.get();
    }

    public boolean connected() {
        return connected;
    }

    /** Has read to the end of its input at least once since start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        KafkaConsumer<String, byte[]> consumer = null;
        while (running) {
            try {
                if (consumer == null) {
                    TopicSetup.ensure(kafka, List.of(input.topic()));
                    consumer = newConsumer();
                    seekToStoredPosition(consumer);
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                connected = true;
                if (!records.isEmpty()) {
                    applyBatch(records.records(input), consumer);
                }
                if (!caughtUp) {
                    Long end = consumer.endOffsets(List.of(input), Duration.ofSeconds(5)).get(input);
                    caughtUp = end != null && consumer.position(input) >= end;
                }
            } catch (RuntimeException e) {
                connected = false;
                log.warn("applying {} failed, resuming from the stored position: {}", input.topic(), e.toString());
                held.clear();
                if (consumer != null) {
                    consumer.close(Duration.ZERO);
                    consumer = null;
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void applyBatch(List<ConsumerRecord<String, byte[]>> records, KafkaConsumer<String, byte[]> consumer) {
        long now = System.currentTimeMillis();
        List<EventMessage<?>> toAppend = new ArrayList<>();
        Map<String, Long> reached = new HashMap<>();
        List<Envelope> appliedEnvelopes = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<Parked> toPark = new ArrayList<>();
        long duplicatesInBatch = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            Envelope envelope;
            try {
                envelope = codec.decode(record.value());
            } catch (UndecodableRecord e) {
                if (e.reason() == UndecodableRecord.Reason.NEWER_SCHEMA) {
                    EnvelopeHeader header = headerOf(record);
                    if (header != null) {
                        toPark.add(new Parked(header.origin(), header.sequence(), e.getMessage(), record.value()));
                        continue;
                    }
                }
                deadLetters.add(new DeadLetter(record, e.getMessage()));
                continue;
            }
            String origin = envelope.origin();
            if (origin.equals(cluster)) {
                continue;
            }
            clock.observe(envelope.hlc());
            if (envelope.payload() instanceof ClusterHeartbeat heartbeat) {
                origins.heartbeat(origin, heartbeat.lastSequence(), heartbeat.wallTimeMillis(), now);
                continue;
            }
            origins.heard(origin, now);
            if (parkedOrigins.contains(origin)) {
                toPark.add(new Parked(origin, envelope.sequence(), "behind a parked event", record.value()));
                continue;
            }
            long last = reached.getOrDefault(origin, origins.lastSeq(origin));
            long seq = envelope.sequence();
            if (seq <= last) {
                duplicatesInBatch++;
            } else if (seq > last + 1) {
                held.computeIfAbsent(origin, k -> new TreeMap<>()).put(seq, new Held(envelope, record.offset()));
            } else {
                toAppend.add(asStoredFact(envelope));
                appliedEnvelopes.add(envelope);
                reached.put(origin, seq);
                drainHeld(origin, reached, toAppend, appliedEnvelopes);
            }
        }
        long nextOffset = records.get(records.size() - 1).offset() + 1;
        long storedOffset = held.values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Held::offset).min().orElse(nextOffset);
        store.append(toAppend, () -> {
            reached.forEach((origin, seq) ->
                    jdbc.update("MERGE INTO origin_position KEY (origin) VALUES (?, ?)", origin, seq));
            jdbc.update("MERGE INTO inbound_position KEY (topic, part) VALUES (?, ?, ?)",
                    input.topic(), input.partition(), storedOffset);
            for (DeadLetter dl : deadLetters) {
                jdbc.update("INSERT INTO dead_letter (topic, part, record_offset, reason, payload, detected_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?)", dl.record.topic(), dl.record.partition(),
                        dl.record.offset(), truncate(dl.reason), dl.record.value(), now);
            }
            for (Parked p : toPark) {
                jdbc.update("INSERT INTO parked (origin, seq, reason, payload, parked_at) VALUES (?, ?, ?, ?, ?)",
                        p.origin, p.seq, truncate(p.reason), p.payload, now);
            }
        });
        long appliedAt = System.currentTimeMillis();
        for (Envelope envelope : appliedEnvelopes) {
            origins.applied(envelope.origin(), envelope.sequence(), envelope.hlc(), appliedAt);
        }
        toPark.forEach(p -> parkedOrigins.add(p.origin));
        applied.addAndGet(appliedEnvelopes.size());
        duplicates.addAndGet(duplicatesInBatch);
        deadLettered.addAndGet(deadLetters.size());
        parked.addAndGet(toPark.size());
        if (!deadLetters.isEmpty()) {
            log.warn("dead-lettered {} records from {}: {}", deadLetters.size(), input.topic(), deadLetters.get(0).reason);
        }
    }

    private record Parked(String origin, long seq, String reason, byte[] payload) {
    }

    private void drainHeld(String origin, Map<String, Long> reached, List<EventMessage<?>> toAppend,
                           List<Envelope> appliedEnvelopes) {
        TreeMap<Long, Held> waiting = held.get(origin);
        while (waiting != null && !waiting.isEmpty()) {
            long next = reached.get(origin) + 1;
            waiting.headMap(next).clear();
            Held h = waiting.remove(next);
            if (h == null) {
                break;
            }
            toAppend.add(asStoredFact(h.envelope));
            appliedEnvelopes.add(h.envelope);
            reached.put(origin, next);
        }
        if (waiting != null && waiting.isEmpty()) {
            held.remove(origin);
        }
    }

    /**
     * A remote fact is stored as an event of a per-origin stream whose sequence is the origin's:
     * the store's unique (aggregate, sequence) key then refuses a second copy on its own.
     */
    private static DomainEventMessage<?> asStoredFact(Envelope envelope) {
        return new GenericDomainEventMessage<>(REMOTE_AGGREGATE_TYPE, "origin:" + envelope.origin(),
                envelope.sequence() - 1, envelope.payload(),
                MetaData.with(ORIGIN, envelope.origin()).and(ORIGIN_SEQUENCE, envelope.sequence()),
                envelope.eventId(), Instant.ofEpochMilli(HybridLogicalClock.wallMillis(envelope.hlc())));
    }

    private EnvelopeHeader headerOf(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decodeHeader(record.value());
        } catch (UndecodableRecord e) {
            return null;
        }
    }

    private static String truncate(String reason) {
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    private void seekToStoredPosition(KafkaConsumer<String, byte[]> consumer) {
        consumer.assign(List.of(input));
        List<Long> stored = jdbc.queryForList("SELECT next_offset FROM inbound_position WHERE topic = ? AND part = ?",
                Long.class, input.topic(), input.partition());
        if (stored.isEmpty()) {
            consumer.seekToBeginning(List.of(input));
        } else {
            consumer.seek(input, stored.get(0));
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> props = kafka.common();
        props.put("enable.auto.commit", false);
        props.put("isolation.level", "read_committed");
        props.put("max.poll.records", batchSize);
        props.put("fetch.max.wait.ms", 50);
        props.put("client.id", "spoke-" + cluster + "-applier");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
