package io.roam.spoke.eventstore;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Feeds the projections every fact once it has committed: Axon's local events from its
 * subscribing processor, foreign facts from whoever stored them. Both arrive in change-sequence
 * order, under {@link ChangeSequence}'s lock. Until the replay at start has caught up, facts are
 * left to the replay, which reads them from the store.
 */
@Component
@ProcessingGroup(ProjectionFeed.PROCESSING_GROUP)
public class ProjectionFeed {

    public static final String PROCESSING_GROUP = "projections";

    private final List<Projection> projections;
    private volatile boolean live;

    public ProjectionFeed(List<Projection> projections) {
        this.projections = projections;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        StoredEvent stored = new StoredEvent((Long) message.getMetaData().get(ChangeSequence.CHANGE_SEQ));
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(uow -> feed(event, stored));
        } else {
            feed(event, stored);
        }
    }

    /** A committed fact; ignored before the replay has caught up, which reads it from the store. */
    public void feed(Object event, StoredEvent stored) {
        if (!live) {
            return;
        }
        apply(event, stored);
    }

    /** The replay's way in: the store's facts in order, before the feed is live. */
    void apply(Object event, StoredEvent stored) {
        for (Projection projection : projections) {
            projection.apply(event, stored);
        }
    }

    void goLive() {
        live = true;
    }
}
