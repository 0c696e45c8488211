package io.roam.spoke.replication;

import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.events.RoamingEvent;
import io.roam.spoke.LocalCluster;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * Gives every local wire event its dense origin sequence number (1, 2, 3 …) and its outbox row
 * inside the transaction that stores it, and hands the envelope to the {@link Publisher} once
 * that transaction has committed.
 *
 * <p>Axon calls its dispatch interceptors while the unit of work prepares its commit, with every
 * event the unit stages. The numbering lock is taken there and held until the transaction has
 * committed or rolled back: numbers follow commit order, and a rollback returns its numbers
 * unused, so peers, which wait on any gap, never see one.
 */
@Component
public class Outbox implements MessageDispatchInterceptor<EventMessage<?>> {

    private static final String NUMBERED = Outbox.class.getName() + ".numbered";

    private final OutboxStore store;
    private final EventCodec codec;
    private final CommittedEvents committed;
    private final String cluster;
    private final ReentrantLock numbering = new ReentrantLock();
    /** The last number committed, read from the table when not known; under {@link #numbering}. */
    private long lastSeq = -1;

    public Outbox(OutboxStore store, EventCodec codec, CommittedEvents committed, LocalCluster cluster) {
        this.store = store;
        this.codec = codec;
        this.committed = committed;
        this.cluster = cluster.id();
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        List<EventMessage<?>> own = new ArrayList<>();
        for (EventMessage<?> message : messages) {
            if (message.getPayload() instanceof RoamingEvent) {
                own.add(message);
            }
        }
        if (!own.isEmpty()) {
            number(own);
        }
        return (i, message) -> message;
    }

    /** Own history a full sync brought back: the outbox carries on after its last number. */
    void restore(List<Envelope> envelopes) {
        numbering.lock();
        try {
            List<OutboxStore.Row> rows = new ArrayList<>(envelopes.size());
            for (Envelope e : envelopes) {
                rows.add(new OutboxStore.Row(e.sequence(), e.eventId(), codec.encode(e)));
            }
            store.restore(rows);
            lastSeq = -1;
        } finally {
            numbering.unlock();
        }
    }

    private void number(List<EventMessage<?>> events) {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("own events are numbered only inside a unit of work with a transaction");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Numbered numbered = unitOfWork.getOrComputeResource(NUMBERED, key -> begin(unitOfWork));
        long seq = numbered.rows.isEmpty() ? loadedLastSeq() : numbered.last();
        List<OutboxStore.Row> rows = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            seq++;
            Envelope envelope = Envelope.of(event.getIdentifier(), cluster, seq, (RoamingEvent) event.getPayload());
            rows.add(new OutboxStore.Row(seq, event.getIdentifier(), codec.encode(envelope)));
        }
        store.insert(rows);
        numbered.rows.addAll(rows);
    }

    /** Takes the lock for this unit of work, and gives it back when its transaction has ended either way. */
    private Numbered begin(UnitOfWork<?> unitOfWork) {
        numbering.lock();
        Numbered numbered = new Numbered();
        unitOfWork.afterCommit(u -> {
            try {
                lastSeq = numbered.last();
                committed.add(numbered.rows);
            } finally {
                numbered.release();
            }
        });
        // Not on rollback: Axon runs rollback handlers newest first, so this would come before the
        // transaction's own rollback, and the next writer would take the same numbers while this
        // transaction still holds their rows.
        unitOfWork.onCleanup(u -> numbered.release());
        return numbered;
    }

    /** What one unit of work numbered, and whether it still holds the lock. */
    private final class Numbered {
        final List<OutboxStore.Row> rows = new ArrayList<>();
        private boolean locked = true;

        long last() {
            return rows.get(rows.size() - 1).seq();
        }

        void release() {
            if (locked) {
                locked = false;
                numbering.unlock();
            }
        }
    }

    private long loadedLastSeq() {
        if (lastSeq < 0) {
            lastSeq = store.lastSeq();
        }
        return lastSeq;
    }
}
