package io.roam.spoke.eventstore;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Appends events that no aggregate decides (observed remote facts, membership announcements)
 * in one unit of work and one database transaction with whatever else {@code alongside}
 * writes: the projections see them only after that transaction commits.
 */
@Component
public class LocalStore {

    private final EventStore eventStore;
    private final TransactionManager transactionManager;

    public LocalStore(EventStore eventStore, TransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    public void append(List<? extends EventMessage<?>> events, Runnable alongside) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> {
            if (!events.isEmpty()) {
                eventStore.publish(events);
            }
            alongside.run();
        });
    }
}
