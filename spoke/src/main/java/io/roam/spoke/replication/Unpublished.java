package io.roam.spoke.replication;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/**
 * Events recorded here that the broker has not acknowledged: the outbox's unacknowledged tail,
 * plus the events committed to the store that the outbox has not numbered yet. Without the
 * second part a login acknowledged a moment ago would show nothing unpublished, and a spoke
 * could look quiet while it still owes the network an event. The second part also counts
 * foreign facts in that window (the outbox skips them), so it errs high, never low.
 */
@Component
public class Unpublished {

    private final Publisher publisher;
    private final EventProcessingConfiguration processing;
    private final EventStore store;

    public Unpublished(Publisher publisher, EventProcessingConfiguration processing, EventStore store) {
        this.publisher = publisher;
        this.processing = processing;
        this.store = store;
    }

    /**
     * Reads the outbox processor's position first, the publisher next, the store's head last: the
     * processor reports a position only after the commit callbacks that hand its events to the
     * publisher, so an event moving from one part to the other meanwhile is counted at least once.
     */
    public long count() {
        OptionalLong numbered = processing.eventProcessor(OutboxSequencer.PROCESSING_GROUP, StreamingEventProcessor.class)
                .flatMap(processor -> processor.processingStatus().values().stream().findFirst())
                .map(EventTrackerStatus::getCurrentPosition)
                .orElse(OptionalLong.empty());
        long unacknowledged = publisher.unpublished();
        // Before the outbox has claimed its segment there is no position to count from; the
        // publisher's part still holds everything numbered before the restart.
        if (numbered.isEmpty()) {
            return unacknowledged;
        }
        TrackingToken head = store.createHeadToken();
        long headPosition = head == null ? 0 : head.position().orElse(0);
        return unacknowledged + Math.max(0, headPosition - numbered.getAsLong());
    }
}
