package io.roam.spoke.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;

/**
 * The spoke-local change sequence: one number for every fact this spoke stores, Axon's events and
 * foreign facts alike, assigned in the writing transaction. The lock is held from the number until
 * the projections have seen the fact, so numbers are dense, follow commit order, and reach the
 * projections in order; a rollback gives its numbers back. The change feed's positions and the
 * replay's order are this sequence.
 */
@Component
public class ChangeSequence implements MessageDispatchInterceptor<EventMessage<?>>, InitializingBean {

    /** Metadata of a local event: its number, for the projections fed while it commits. */
    public static final String CHANGE_SEQ = "changeSeq";
    private static final String NUMBERED = ChangeSequence.class.getName() + ".numbered";

    private final FactStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private long last;

    public ChangeSequence(FactStore store) {
        this.store = store;
    }

    /** A store written before this sequence existed gets its events numbered by their global index, once. */
    @Override
    public void afterPropertiesSet() {
        store.numberUnorderedEvents();
        last = store.lastChangeSeq();
    }

    /** Numbers every event a unit of work commits; Axon calls this while the unit prepares its commit. */
    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        if (messages.isEmpty()) {
            return (i, message) -> message;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("events are stored only inside a unit of work with a transaction");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Numbered numbered = unitOfWork.getOrComputeResource(NUMBERED, key -> begin(unitOfWork));
        long first = numbered.next;
        List<String> eventIds = new ArrayList<>(messages.size());
        messages.forEach(m -> eventIds.add(m.getIdentifier()));
        store.order(first, eventIds);
        numbered.next += messages.size();
        return (i, message) -> message.andMetaData(Map.of(CHANGE_SEQ, first + i));
    }

    /**
     * Numbers {@code count} facts stored outside Axon, in the caller's transaction: {@code write}
     * gets the first number; once the transaction has committed, {@code afterCommit} feeds them to
     * the projections, still in order. The caller's transaction holds its connection before this
     * takes the lock, as Axon's writers do: the other order would deadlock the pool and the lock.
     */
    public void append(int count, LongConsumer write, LongConsumer afterCommit) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("facts are numbered only inside a transaction");
        }
        lock.lock();
        Numbered numbered = new Numbered(last + 1);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                last = numbered.next + count - 1;
                afterCommit.accept(numbered.next);
            }

            @Override
            public void afterCompletion(int status) {
                numbered.release();
            }
        });
        write.accept(numbered.next);
    }

    /** Runs {@code action} while no fact can be stored. */
    public void exclusively(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private Numbered begin(UnitOfWork<?> unitOfWork) {
        lock.lock();
        Numbered numbered = new Numbered(last + 1);
        unitOfWork.afterCommit(u -> last = numbered.next - 1);
        // Not on rollback: Axon runs rollback handlers newest first, so this would come before the
        // transaction's own rollback, and the next writer would take the same numbers while this
        // transaction still holds their rows.
        unitOfWork.onCleanup(u -> numbered.release());
        return numbered;
    }

    /** The numbers one unit of work took, and whether it still holds the lock. */
    private final class Numbered {
        long next;
        private boolean locked = true;

        Numbered(long next) {
            this.next = next;
        }

        void release() {
            if (locked) {
                locked = false;
                lock.unlock();
            }
        }
    }
}
