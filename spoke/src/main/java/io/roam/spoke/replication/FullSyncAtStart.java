package io.roam.spoke.replication;

import io.roam.spoke.eventstore.StoreReplay;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The full sync of a spoke that starts with an empty store, first of all: before Axon's
 * processors start, so that nothing local is numbered before the spoke's own history is back
 * with its numbers, and before the publisher reads its position. Because the projection feed
 * is not subscribed yet, the synced events are then replayed into the projections.
 */
@Component
public class FullSyncAtStart implements SmartLifecycle {

    private final InboundApplier applier;
    private final StoreReplay replay;
    private volatile boolean running;

    public FullSyncAtStart(InboundApplier applier, StoreReplay replay) {
        this.applier = applier;
        this.replay = replay;
    }

    @Override
    public void start() {
        applier.fullSyncIfNew();
        replay.catchUp();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
