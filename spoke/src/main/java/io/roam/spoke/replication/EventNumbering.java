package io.roam.spoke.replication;

import io.roam.spoke.eventstore.ChangeSequence;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Every event is numbered in the change sequence before its wire events are numbered in the
 * outbox, inside the transaction that stores them: one order of the two locks for every writer.
 */
@Configuration
public class EventNumbering {

    @Autowired
    void numberEventsInTheirTransaction(EventStore eventStore, ChangeSequence changeSequence, Outbox outbox) {
        eventStore.registerDispatchInterceptor(changeSequence);
        eventStore.registerDispatchInterceptor(outbox);
    }
}
