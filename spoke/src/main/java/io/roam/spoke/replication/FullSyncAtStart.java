package io.roam.spoke.replication;

import io.roam.spoke.SpokeProperties;
import io.roam.spoke.eventstore.StoreReplay;
import io.roam.spoke.login.OwnLogouts;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The full sync of a spoke that starts with an empty store, first of all: before Axon's
 * processors start, so that nothing local is numbered before the spoke's own history is back
 * with its numbers, and before the publisher reads its position. Because the projection feed
 * is not subscribed yet, what it appends is then replayed into the projections here.
 *
 * <p>Only a broker that does not answer lets the spoke start as a new cluster; a store that
 * fails stops the start, and the next one resumes the sync.
 */
@Component
public class FullSyncAtStart implements SmartLifecycle {

    private final FullSync fullSync;
    private final InboundApplier applier;
    private final StoreReplay replay;
    private final OwnLogouts ownLogouts;
    private final Duration timeout;
    private volatile boolean running;

    public FullSyncAtStart(FullSync fullSync, InboundApplier applier, StoreReplay replay, OwnLogouts ownLogouts,
                           SpokeProperties properties) {
        this.fullSync = fullSync;
        this.applier = applier;
        this.replay = replay;
        this.ownLogouts = ownLogouts;
        this.timeout = properties.replication().fullSyncTimeout();
    }

    @Override
    public void start() {
        if (!timeout.isZero() && fullSync.needed() && fullSync.run(timeout, applier::applyRestored)) {
            replay.catchUp();
            ownLogouts.endLoginsLostWithTheData();
        }
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
