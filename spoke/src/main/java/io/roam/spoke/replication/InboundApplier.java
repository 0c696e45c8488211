package io.roam.spoke.replication;

import io.roam.events.ClusterHeartbeat;
import io.roam.events.Envelope;
import io.roam.events.EnvelopeHeader;
import io.roam.events.EventCodec;
import io.roam.events.HubHeartbeat;
import io.roam.events.HybridLogicalClock;
import io.roam.events.OriginPolicy;
import io.roam.events.TopicPolicy;
import io.roam.events.UndecodableRecord;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.eventstore.ChangeSequence;
import io.roam.spoke.eventstore.FactStore;
import io.roam.spoke.eventstore.ProjectionFeed;
import io.roam.spoke.eventstore.StoredEvent;
import io.roam.spoke.replication.InboundBatch.Held;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies foreign events exactly once: each batch stores the new facts, the (origin, sequence)
 * reached and the next input offset in one JDBC transaction, then feeds the facts to the
 * projections. The {@link InboundConsumer} seeks to that offset on start; anything read twice is
 * dropped by sequence, and this spoke's own events, which its hub's feed carries too, are skipped.
 * A gap in an origin's sequence is waited for, never skipped. Single-threaded:
 * the full sync uses it before the consumer starts, the consumer's thread afterwards.
 *
 * <p>Bad records never stop it: undecodable ones are dead-lettered with the reason, and an
 * event of a newer schema version is parked together with everything after it from the same
 * origin, until a receiver that understands it retries them in order.
 *
 * <p>A payload that is not its origin's to state ({@link OriginPolicy}) is never applied, from
 * the topic, the full sync or a retry alike. Its sequence number is still taken in turn: the
 * position moves past it and it is dead-lettered in the same transaction, so one forged record
 * cannot hold back the rest of its origin's stream. A retry leaves it where it is. Hubs refuse
 * such records already; one seen here came through a hub that did not.
 */
@Component
public class InboundApplier implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(InboundApplier.class);
    private static final String BEHIND_PARKED = "behind a parked event";

    private final InboundStore inboundStore;
    private final FactStore facts;
    private final ChangeSequence sequence;
    private final ProjectionFeed projections;
    private final TransactionTemplate transaction;
    private final EventCodec codec;
    private final OriginTracker origins;
    private final HybridLogicalClock clock;
    private final String cluster;
    private final String hub;
    private final TopicPartition input;
    private final SequenceGaps<Held> gaps = new SequenceGaps<>();
    private final ParkedOrigins parkedOrigins;
    private final ConcurrentLinkedQueue<CompletableFuture<Integer>> replayRequests = new ConcurrentLinkedQueue<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();

    public InboundApplier(InboundStore inboundStore, FactStore facts, ChangeSequence sequence, ProjectionFeed projections,
                          PlatformTransactionManager transactions, EventCodec codec, OriginTracker origins,
                          HybridLogicalClock clock, LocalCluster cluster) {
        this.inboundStore = inboundStore;
        this.facts = facts;
        this.sequence = sequence;
        this.projections = projections;
        this.transaction = new TransactionTemplate(transactions);
        this.codec = codec;
        this.origins = origins;
        this.clock = clock;
        this.parkedOrigins = new ParkedOrigins(inboundStore, codec);
        this.cluster = cluster.id();
        this.hub = cluster.hubId();
        this.input = new TopicPartition(TopicPolicy.hubFeed(cluster.hubId()), 0);
    }

    /** A record to apply, from the topic or taken back from the dead letters or the parking lot. */
    private record Incoming(long offset, byte[] value, Long deadLetterId, Long parkedId) {
    }

    /** Where the last run left off: positions, parked origins and counters survive restarts. */
    @Override
    public void afterPropertiesSet() {
        inboundStore.originPositions(origins::restore);
        parkedOrigins.restore();
        deadLettered.set(inboundStore.deadLetterCount());
        parked.set(inboundStore.parkedCount());
    }

    /** Records polled from the hub's feed: the stored position moves past them. */
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

    /**
     * Stores and applies records: route each into the batch, write it in one transaction, feed the
     * projections, count. {@code nextOffset} is null for retries and restored history, which move no position.
     */
    private InboundBatch apply(List<Incoming> records, Long nextOffset) {
        long now = System.currentTimeMillis();
        InboundBatch batch = new InboundBatch(origins, input);
        for (Incoming record : records) {
            route(record, batch, now);
        }
        Long storedOffset = nextOffset == null ? null : gaps.held().mapToLong(Held::offset).min().orElse(nextOffset);
        store(batch.accepted, batch.toStore, () -> inboundStore.record(batch.bookkeeping(storedOffset), now));
        batch.skipped.forEach(origins::skipped);
        count(batch);
        return batch;
    }

    /** A record's fate: dead-lettered, parked, a heartbeat, a duplicate, held for a gap, or taken in turn. */
    private void route(Incoming record, InboundBatch batch, long now) {
        Envelope envelope;
        try {
            envelope = codec.decode(record.value);
        } catch (UndecodableRecord e) {
            if (record.deadLetterId != null) {
                return;
            }
            EnvelopeHeader header = e.reason() == UndecodableRecord.Reason.NEWER_SCHEMA ? headerOf(record.value) : null;
            if (header != null) {
                batch.park(header.origin(), header.sequence(), e.getMessage(), record.value);
                gaps.release(header.origin()).forEach(held ->
                        batch.park(header.origin(), held.envelope().sequence(), BEHIND_PARKED, held.value()));
            } else {
                batch.deadLetter(record.offset, record.value, e.getMessage());
            }
            return;
        }
        Optional<String> violation = OriginPolicy.violation(envelope);
        if (violation.isPresent() && record.deadLetterId != null) {
            return;
        }
        batch.resolve(record.deadLetterId, record.parkedId);
        String origin = envelope.origin();
        if (origin.equals(cluster)) {
            return;
        }
        if (envelope.payload() instanceof ClusterHeartbeat heartbeat) {
            if (violation.isPresent()) {
                batch.deadLetter(record.offset, record.value, violation.get());
            } else {
                clock.observe(envelope.hlc());
                origins.heartbeat(origin, heartbeat, now);
            }
            return;
        }
        if (envelope.payload() instanceof HubHeartbeat heartbeat) {
            if (violation.isPresent() || !origin.equals(hub)) {
                batch.deadLetter(record.offset, record.value,
                        violation.orElse("a heartbeat of hub " + origin + " on the feed of hub " + hub));
            } else {
                heardInHubHeartbeat(heartbeat, now);
            }
            return;
        }
        if (violation.isEmpty()) {
            clock.observe(envelope.hlc());
        }
        origins.heard(origin, now);
        if (record.parkedId == null && (parkedOrigins.isParked(origin) || batch.parks(origin))) {
            batch.park(origin, envelope.sequence(), BEHIND_PARKED, record.value);
            return;
        }
        Held checked = new Held(envelope, record.value, record.offset, violation);
        SequenceGaps.Arrival<Held> arrival = gaps.arrive(origin, envelope.sequence(), batch.last(origin), checked);
        if (arrival.duplicate()) {
            batch.duplicates++;
        }
        arrival.inTurn().forEach(batch::take);
    }

    /** Each beat as the cluster's own heartbeat, sent when the hub passed it on. */
    private void heardInHubHeartbeat(HubHeartbeat heartbeat, long now) {
        for (HubHeartbeat.Beat beat : heartbeat.beats()) {
            if (!beat.cluster().equals(cluster)) {
                clock.observe(beat.hlc());
                origins.heartbeat(beat.cluster(), beat.asSentAfterHolding(), now);
            }
        }
    }

    private EnvelopeHeader headerOf(byte[] value) {
        try {
            return codec.decodeHeader(value);
        } catch (UndecodableRecord e) {
            return null;
        }
    }

    /** One transaction for the facts and what goes with them, then the projections, in change-sequence order. */
    private void store(List<Envelope> envelopes, List<FactStore.ForeignFact> toStore, Runnable alongside) {
        transaction.executeWithoutResult(status -> sequence.append(toStore.size(),
                first -> {
                    facts.insertForeign(first, toStore);
                    alongside.run();
                },
                first -> feed(envelopes, first)));
    }

    private void feed(List<Envelope> stored, long first) {
        long appliedAt = System.currentTimeMillis();
        for (int i = 0; i < stored.size(); i++) {
            Envelope envelope = stored.get(i);
            projections.feed(envelope.payload(), new StoredEvent(first + i));
            if (!envelope.origin().equals(cluster)) {
                origins.applied(envelope.origin(), envelope.sequence(), envelope.hlc(), appliedAt);
            }
        }
    }

    private void count(InboundBatch batch) {
        batch.toPark.forEach(p -> parkedOrigins.park(p.origin()));
        applied.addAndGet(batch.accepted.size());
        duplicates.addAndGet(batch.duplicates);
        deadLettered.addAndGet(batch.newDeadLetters.size() - batch.resolvedDeadLetters.size());
        parked.addAndGet(batch.toPark.size() - batch.resolvedParked.size());
        if (!batch.newDeadLetters.isEmpty()) {
            log.warn("dead-lettered {} records from {}: {}", batch.newDeadLetters.size(), input.topic(),
                    batch.newDeadLetters.get(0).reason());
        }
    }

    /**
     * This spoke's own history, read back by the full sync: stored as facts like any other
     * cluster's, while {@code alongside} numbers it in the outbox again, in the same transaction.
     * An event that is not this cluster's to state is dead-lettered instead of stored; its number
     * stays taken in the outbox.
     */
    void applyOwnHistory(List<Envelope> envelopes, Runnable alongside) {
        List<Envelope> stored = new ArrayList<>(envelopes.size());
        List<FactStore.ForeignFact> own = new ArrayList<>(envelopes.size());
        List<InboundStore.DeadLetter> refused = new ArrayList<>();
        for (Envelope e : envelopes) {
            byte[] value = codec.encode(e);
            Optional<String> violation = OriginPolicy.violation(e);
            if (violation.isPresent()) {
                refused.add(new InboundStore.DeadLetter(-1, value, violation.get()));
            } else {
                stored.add(e);
                own.add(new FactStore.ForeignFact(e.origin(), e.sequence(), value));
            }
        }
        InboundStore.Bookkeeping deadLetters = new InboundStore.Bookkeeping(Map.of(), input.topic(), input.partition(),
                null, refused, List.of(), List.of(), List.of());
        long now = System.currentTimeMillis();
        store(stored, own, () -> {
            alongside.run();
            inboundStore.record(deadLetters, now);
        });
        deadLettered.addAndGet(refused.size());
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

    void serveReplayRequests() {
        CompletableFuture<Integer> request;
        while ((request = replayRequests.poll()) != null) {
            try {
                List<Incoming> letters = inboundStore.deadLetters().stream()
                        .map(r -> new Incoming(r.offset(), r.payload(), r.id(), null)).toList();
                int resolved = letters.isEmpty() ? 0 : apply(letters, null).resolvedDeadLetters.size();
                request.complete(resolved + retryParked());
            } catch (RuntimeException e) {
                request.completeExceptionally(e);
            }
        }
    }

    /**
     * Parked events are retried in origin order; the first one still not understood keeps the rest
     * parked. An origin flows again only once its retry committed: if it fails, its events stay parked.
     */
    int retryParked() {
        ParkedOrigins.Understood understood = parkedOrigins.understood();
        List<Incoming> retry = understood.events().stream()
                .map(r -> new Incoming(-1, r.payload(), null, r.id())).toList();
        int resolved = retry.isEmpty() ? 0 : apply(retry, null).resolvedParked.size();
        parkedOrigins.unpark(understood.cleared());
        return resolved;
    }

    /** Events held for a gap point at offsets of a consumer that is gone: they will be read again. */
    void forgetHeld() {
        gaps.forget();
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
}
