package io.roam.spoke.replication;

import io.roam.spoke.SpokeProperties;
import io.roam.spoke.eventstore.StoreReplay;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * fails stops the start, and the next one resumes the sync. A spoke that has a store takes back
 * the own events its outbound topic has beyond it. Either way the logins are then ended
 * ({@code login/LoginsAfterRestore}): the phones do not know the history that came back.
 */
@Component
public class FullSyncAtStart implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FullSyncAtStart.class);

    private final FullSync fullSync;
    private final InboundApplier applier;
    private final StoreReplay replay;
    private volatile boolean historyRestored;
    private final Duration timeout;
    private volatile boolean running;

    public FullSyncAtStart(FullSync fullSync, InboundApplier applier, StoreReplay replay,
                           SpokeProperties properties) {
        this.fullSync = fullSync;
        this.applier = applier;
        this.replay = replay;
        this.timeout = properties.replication().fullSyncTimeout();
    }

    @Override
    public void start() {
        if (!timeout.isZero() && (fullSync.needed() ? fullSync.run(timeout, applier::applyRestored) : restoredOwnTail())) {
            historyRestored = true;
        }
        replay.catchUp();
        running = true;
    }

    /** A broker that does not answer now leaves the check to the publisher, which sends nothing until it passes. */
    private boolean restoredOwnTail() {
        try {
            return fullSync.restoreOwnTail(timeout);
        } catch (KafkaException e) {
            log.warn("could not compare the store with its outbound topic at start: {}", e.toString());
            return false;
        }
    }

    /** Whether this start took own history back from the outbound topic. */
    public boolean historyRestored() {
        return historyRestored;
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
