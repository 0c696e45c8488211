package io.roam.spoke.replication;

import io.roam.events.ClusterHeartbeat;
import io.roam.events.EventCodec;
import io.roam.events.Envelope;
import io.roam.events.EnvelopeHeader;
import io.roam.events.HybridLogicalClock;
import io.roam.events.TopicPolicy;
import io.roam.events.UndecodableRecord;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.eventstore.LocalStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies foreign events exactly once: each batch appends the new facts to the local store,
 * and records the (origin, sequence) reached and the next input offset, in one transaction.
 * The {@link InboundConsumer} seeks to that offset on start; anything read twice is dropped by
 * sequence. A gap in an origin's sequence is waited for, never skipped. Single-threaded: the
 * full sync uses it before the consumer starts, the consumer's thread afterwards.
 *
 * <p>Bad records never stop it: undecodable ones are dead-lettered with the reason, and an
 * event of a newer schema version is parked together with everything after it from the same
 * origin, until a receiver that understands it retries them in order.
 */
@Component
public class InboundApplier implements InitializingBean {

    static final String ORIGIN = "origin";
    static final String ORIGIN_SEQUENCE = "originSeq";
    private static final String REMOTE_AGGREGATE_TYPE = "Origin";
    private static final Logger log = LoggerFactory.getLogger(InboundApplier.class);

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final LocalStore store;
    private final OriginTracker origins;
    private final HybridLogicalClock clock;
    private final String cluster;
    private final TopicPartition input;
    private final Map<String, TreeMap<Long, Held>> held = new HashMap<>();
    private final Set<String> parkedOrigins = new HashSet<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Integer>> replayRequests = new ConcurrentLinkedQueue<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();

    public InboundApplier(JdbcTemplate jdbc, EventCodec codec, LocalStore store, OriginTracker origins,
                          HybridLogicalClock clock, LocalCluster cluster) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.store = store;
        this.origins = origins;
        this.clock = clock;
        this.cluster = cluster.id();
        this.input = new TopicPartition(TopicPolicy.spokeInbound(cluster.id()), 0);
    }

    /** True for facts this spoke observed from another cluster, false for its own. */
    public static boolean isRemote(EventMessage<?> message) {
        return message.getMetaData().containsKey(ORIGIN);
    }

    /** A record to apply, from the topic or taken back from the dead letters or the parking lot. */
    private record Incoming(long offset, byte[] value, Long deadLetterId, Long parkedId) {
    }

    private record Held(Envelope envelope, long offset) {
    }

    private record Parked(String origin, long seq, String reason, byte[] payload) {
    }

    /** Everything one transaction writes. */
    private final class Batch {
        final List<EventMessage<?>> toAppend = new ArrayList<>();
        final List<Envelope> appliedEnvelopes = new ArrayList<>();
        final Map<String, Long> reached = new HashMap<>();
        final List<Incoming> newDeadLetters = new ArrayList<>();
        final List<String> newDeadLetterReasons = new ArrayList<>();
        final List<Parked> toPark = new ArrayList<>();
        final List<Long> resolvedDeadLetters = new ArrayList<>();
        final List<Long> resolvedParked = new ArrayList<>();
        long duplicates;

        long last(String origin) {
            return reached.getOrDefault(origin, origins.lastSeq(origin));
        }
    }

    /** Where the last run left off: positions, parked origins and counters survive restarts. */
    @Override
    public void afterPropertiesSet() {
        jdbc.query("SELECT origin, last_seq FROM origin_position", rs -> {
            origins.restore(rs.getString(1), rs.getLong(2));
        });
        jdbc.query("SELECT DISTINCT origin FROM parked", rs -> {
            parkedOrigins.add(rs.getString(1));
        });
        deadLettered.set(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class));
        parked.set(jdbc.queryForObject("SELECT COUNT(*) FROM parked", Long.class));
    }

    TopicPartition input() {
        return input;
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

    /**
     * Retries every dead letter and parked event on the inbound consumer's thread; completes
     * with how many were taken out (applied, or dropped as duplicates).
     */
    public CompletableFuture<Integer> replay() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        replayRequests.add(done);
        return done;
    }

    /** Records polled from the inbound topic: the stored position moves past them. */
    void applyPolled(List<ConsumerRecord<String, byte[]>> records) {
        List<Incoming> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            batch.add(new Incoming(r.offset(), r.value(), null, null));
        }
        apply(batch, batch.get(batch.size() - 1).offset() + 1);
    }

    /** Another spoke's history, read by the full sync from its outbound topic: no inbound position moves. */
    void applyRestored(List<Envelope> envelopes) {
        List<Incoming> batch = new ArrayList<>(envelopes.size());
        envelopes.forEach(e -> batch.add(new Incoming(-1, codec.encode(e), null, null)));
        apply(batch, null);
    }

    /** Events held for a gap point at offsets of a consumer that is gone: they will be read again. */
    void forgetHeld() {
        held.clear();
    }

    void serveReplayRequests() {
        CompletableFuture<Integer> request;
        while ((request = replayRequests.poll()) != null) {
            try {
                List<Incoming> letters = jdbc.query("SELECT id, record_offset, payload FROM dead_letter ORDER BY id",
                        (rs, i) -> new Incoming(rs.getLong(2), rs.getBytes(3), rs.getLong(1), null));
                int resolved = letters.isEmpty() ? 0 : apply(letters, null).resolvedDeadLetters.size();
                request.complete(resolved + retryParked());
            } catch (RuntimeException e) {
                request.completeExceptionally(e);
            }
        }
    }

    /** Parked events are retried in origin order; the first one still not understood keeps the rest parked. */
    int retryParked() {
        if (parkedOrigins.isEmpty()) {
            return 0;
        }
        List<Incoming> retry = new ArrayList<>();
        for (String origin : List.copyOf(parkedOrigins)) {
            List<Incoming> lot = jdbc.query("SELECT id, payload FROM parked WHERE origin = ? ORDER BY seq, id",
                    (rs, i) -> new Incoming(-1, rs.getBytes(2), null, rs.getLong(1)), origin);
            int understood = 0;
            while (understood < lot.size() && decodable(lot.get(understood).value)) {
                understood++;
            }
            retry.addAll(lot.subList(0, understood));
            if (understood == lot.size()) {
                parkedOrigins.remove(origin);
            }
        }
        return retry.isEmpty() ? 0 : apply(retry, null).resolvedParked.size();
    }

    private boolean decodable(byte[] value) {
        try {
            codec.decode(value);
            return true;
        } catch (UndecodableRecord e) {
            return false;
        }
    }

    /** Applies records in one transaction; {@code nextOffset} is null for retries, which move no position. */
    private Batch apply(List<Incoming> records, Long nextOffset) {
        long now = System.currentTimeMillis();
        Batch batch = new Batch();
        for (Incoming record : records) {
            route(record, batch, now);
        }
        Long storedOffset = nextOffset == null ? null : held.values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Held::offset).min().orElse(nextOffset);
        store.append(batch.toAppend, () -> record(batch, storedOffset, now));
        long appliedAt = System.currentTimeMillis();
        for (Envelope envelope : batch.appliedEnvelopes) {
            origins.applied(envelope.origin(), envelope.sequence(), envelope.hlc(), appliedAt);
        }
        batch.toPark.forEach(p -> parkedOrigins.add(p.origin));
        applied.addAndGet(batch.appliedEnvelopes.size());
        duplicates.addAndGet(batch.duplicates);
        deadLettered.addAndGet(batch.newDeadLetters.size() - batch.resolvedDeadLetters.size());
        parked.addAndGet(batch.toPark.size() - batch.resolvedParked.size());
        if (!batch.newDeadLetters.isEmpty()) {
            log.warn("dead-lettered {} records from {}: {}", batch.newDeadLetters.size(), input.topic(),
                    batch.newDeadLetterReasons.get(0));
        }
        return batch;
    }

    private void route(Incoming record, Batch batch, long now) {
        Envelope envelope;
        try {
            envelope = codec.decode(record.value);
        } catch (UndecodableRecord e) {
            if (record.deadLetterId != null) {
                return;
            }
            EnvelopeHeader header = e.reason() == UndecodableRecord.Reason.NEWER_SCHEMA ? headerOf(record.value) : null;
            if (header != null) {
                batch.toPark.add(new Parked(header.origin(), header.sequence(), e.getMessage(), record.value));
            } else {
                batch.newDeadLetters.add(record);
                batch.newDeadLetterReasons.add(e.getMessage());
            }
            return;
        }
        resolve(record, batch);
        String origin = envelope.origin();
        if (origin.equals(cluster)) {
            return;
        }
        clock.observe(envelope.hlc());
        if (envelope.payload() instanceof ClusterHeartbeat heartbeat) {
            origins.heartbeat(origin, heartbeat, now);
            return;
        }
        origins.heard(origin, now);
        if (record.parkedId == null && parkedOrigins.contains(origin)) {
            batch.toPark.add(new Parked(origin, envelope.sequence(), "behind a parked event", record.value));
            return;
        }
        long last = batch.last(origin);
        long seq = envelope.sequence();
        if (seq <= last) {
            batch.duplicates++;
        } else if (seq > last + 1) {
            held.computeIfAbsent(origin, k -> new TreeMap<>()).put(seq, new Held(envelope, record.offset));
        } else {
            accept(envelope, batch);
            drainHeld(origin, batch);
        }
    }

    private static void resolve(Incoming record, Batch batch) {
        if (record.deadLetterId != null) {
            batch.resolvedDeadLetters.add(record.deadLetterId);
        }
        if (record.parkedId != null) {
            batch.resolvedParked.add(record.parkedId);
        }
    }

    private void accept(Envelope envelope, Batch batch) {
        batch.toAppend.add(asStoredFact(envelope));
        batch.appliedEnvelopes.add(envelope);
        batch.reached.put(envelope.origin(), envelope.sequence());
    }

    private void drainHeld(String origin, Batch batch) {
        TreeMap<Long, Held> waiting = held.get(origin);
        while (waiting != null && !waiting.isEmpty()) {
            long next = batch.last(origin) + 1;
            waiting.headMap(next).clear();
            Held h = waiting.remove(next);
            if (h == null) {
                break;
            }
            accept(h.envelope, batch);
        }
        if (waiting != null && waiting.isEmpty()) {
            held.remove(origin);
        }
    }

    private void record(Batch batch, Long storedOffset, long now) {
        batch.reached.forEach((origin, seq) ->
                jdbc.update("MERGE INTO origin_position KEY (origin) VALUES (?, ?)", origin, seq));
        if (storedOffset != null) {
            jdbc.update("MERGE INTO inbound_position KEY (topic, part) VALUES (?, ?, ?)",
                    input.topic(), input.partition(), storedOffset);
        }
        for (int i = 0; i < batch.newDeadLetters.size(); i++) {
            Incoming dl = batch.newDeadLetters.get(i);
            jdbc.update("INSERT INTO dead_letter (topic, part, record_offset, reason, payload, detected_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)", input.topic(), input.partition(), dl.offset,
                    truncate(batch.newDeadLetterReasons.get(i)), dl.value, now);
        }
        for (Parked p : batch.toPark) {
            jdbc.update("INSERT INTO parked (origin, seq, reason, payload, parked_at) VALUES (?, ?, ?, ?, ?)",
                    p.origin, p.seq, truncate(p.reason), p.payload, now);
        }
        batch.resolvedDeadLetters.forEach(id -> jdbc.update("DELETE FROM dead_letter WHERE id = ?", id));
        batch.resolvedParked.forEach(id -> jdbc.update("DELETE FROM parked WHERE id = ?", id));
    }

    /**
     * A remote fact is stored as an event of a per-origin stream whose sequence is the origin's:
     * the store's unique (aggregate, sequence) key then refuses a second copy on its own.
     */
    static DomainEventMessage<?> asStoredFact(Envelope envelope) {
        return new GenericDomainEventMessage<>(REMOTE_AGGREGATE_TYPE, "origin:" + envelope.origin(),
                envelope.sequence() - 1, envelope.payload(),
                MetaData.with(ORIGIN, envelope.origin()).and(ORIGIN_SEQUENCE, envelope.sequence()),
                envelope.eventId(), Instant.ofEpochMilli(HybridLogicalClock.wallMillis(envelope.hlc())));
    }

    private EnvelopeHeader headerOf(byte[] value) {
        try {
            return codec.decodeHeader(value);
        } catch (UndecodableRecord e) {
            return null;
        }
    }

    private static String truncate(String reason) {
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }
}
