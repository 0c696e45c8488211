package io.roam.spoke.eventstore;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Appends local events that no aggregate decides (membership announcements, logouts recorded
 * without a device) in one unit of work and one database transaction: they are numbered, queued
 * for publishing and seen by the projections only once that transaction commits.
 */
@Component
public class LocalStore {

    private final EventStore eventStore;
    private final TransactionManager transactionManager;

    public LocalStore(EventStore eventStore, TransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    public void append(List<? extends EventMessage<?>> events) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> eventStore.publish(events));
    }
}
