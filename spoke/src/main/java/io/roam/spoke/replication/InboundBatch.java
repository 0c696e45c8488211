package io.roam.spoke.replication;

import io.roam.events.Envelope;
import io.roam.spoke.eventstore.FactStore;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything one transaction of the {@link InboundApplier} writes, gathered while its records are routed. */
final class InboundBatch {

    /** A decoded record waiting for, or taking, its turn in its origin's sequence. */
    record Held(Envelope envelope, byte[] value, long offset, Optional<String> violation) {
    }

    final List<Envelope> accepted = new ArrayList<>();
    /** Sequence numbers taken by records that were refused, not applied. */
    final Map<String, Long> skipped = new HashMap<>();
    final List<FactStore.ForeignFact> toStore = new ArrayList<>();
    final Map<String, Long> reached = new HashMap<>();
    final List<InboundStore.DeadLetter> newDeadLetters = new ArrayList<>();
    final List<InboundStore.Parked> toPark = new ArrayList<>();
    final List<Long> resolvedDeadLetters = new ArrayList<>();
    final List<Long> resolvedParked = new ArrayList<>();
    long duplicates;

    private final OriginTracker origins;
    private final TopicPartition input;
    /** Origins this batch parks an event of. */
    private final Set<String> parkedOrigins = new HashSet<>();

    InboundBatch(OriginTracker origins, TopicPartition input) {
        this.origins = origins;
        this.input = input;
    }

    long last(String origin) {
        return reached.getOrDefault(origin, origins.lastSeq(origin));
    }

    InboundStore.Bookkeeping bookkeeping(Long nextOffset) {
        return new InboundStore.Bookkeeping(reached, input.topic(), input.partition(), nextOffset, newDeadLetters,
                toPark, resolvedDeadLetters, resolvedParked);
    }

    void deadLetter(long offset, byte[] value, String reason) {
        newDeadLetters.add(new InboundStore.DeadLetter(offset, value, reason));
    }

    void park(String origin, long seq, String reason, byte[] value) {
        toPark.add(new InboundStore.Parked(origin, seq, reason, value));
        parkedOrigins.add(origin);
    }

    /** Whether this batch parks an event of {@code origin}: its later events wait behind it, as in later batches. */
    boolean parks(String origin) {
        return parkedOrigins.contains(origin);
    }

    /** A retried dead letter or parked record leaves where it was stored. */
    void resolve(Long deadLetterId, Long parkedId) {
        if (deadLetterId != null) {
            resolvedDeadLetters.add(deadLetterId);
        }
        if (parkedId != null) {
            resolvedParked.add(parkedId);
        }
    }

    /** The record's turn: its fact is stored, or, if refused, it is dead-lettered; the position moves past it either way. */
    void take(Held record) {
        Envelope envelope = record.envelope();
        if (record.violation().isPresent()) {
            deadLetter(record.offset(), record.value(), record.violation().get());
            skipped.put(envelope.origin(), envelope.sequence());
        } else {
            accepted.add(envelope);
            toStore.add(new FactStore.ForeignFact(envelope.origin(), envelope.sequence(), record.value()));
        }
        reached.put(envelope.origin(), envelope.sequence());
    }
}
