package io.roam.spoke.eventstore;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds projections from Axon's subscribing processor, but only once the unit of work has
 * committed: an in-memory view must never show a fact the store rolled back.
 */
@Component
@ProcessingGroup(ProjectionFeed.PROCESSING_GROUP)
public class ProjectionFeed {

    public static final String PROCESSING_GROUP = "projections";

    private final List<Projection> projections;
    private final AtomicInteger unfinished = new AtomicInteger();

    public ProjectionFeed(List<Projection> projections) {
        this.projections = projections;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        StoredEvent stored = new StoredEvent(message.getIdentifier(), StoredEvent.INDEX_NOT_KNOWN);
        if (CurrentUnitOfWork.isStarted()) {
            unfinished.incrementAndGet();
            CurrentUnitOfWork.get().afterCommit(uow -> feed(event, stored));
            CurrentUnitOfWork.get().onCleanup(uow -> unfinished.decrementAndGet());
        } else {
            feed(event, stored);
        }
    }

    private void feed(Object event, StoredEvent stored) {
        for (Projection projection : projections) {
            projection.apply(event, stored);
        }
    }

    /**
     * Events already in the store's hands (their global index may be taken) whose unit of work has
     * not finished: while there are none, a hole in the global index is a rolled-back transaction,
     * not one about to commit.
     */
    public int unfinished() {
        return unfinished.get();
    }
}
