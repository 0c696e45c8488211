package io.roam.spoke.eventstore;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Feeds projections from Axon's subscribing processor, but only once the unit of work has
 * committed: an in-memory view must never show a fact the store rolled back.
 */
@Component
@ProcessingGroup(ProjectionFeed.PROCESSING_GROUP)
public class ProjectionFeed {

    public static final String PROCESSING_GROUP = "projections";

    private final List<Projection> projections;

    public ProjectionFeed(List<Projection> projections) {
        this.projections = projections;
    }

    @EventHandler
    void on(Object event) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> feed(event));
        } else {
            feed(event);
        }
    }

    private void feed(Object event) {
        for (Projection projection : projections) {
            projection.apply(event);
        }
    }
}
