package io.roam.spoke.eventstore;

import io.roam.events.EventCodec;
import io.roam.events.HybridLogicalClock;
import io.roam.events.RoamingEvent;
import io.roam.events.UndecodableRecord;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Rebuilds every projection from the local store before anything else runs, Axon's events and
 * the foreign facts merged in change-sequence order, and restores the hybrid logical clock to the
 * largest timestamp stored. The spoke serves nothing until this has finished, so a restart never
 * answers from an empty map.
 */
@Component
public class StoreReplay implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StoreReplay.class);
    private static final int PAGE = 10_000;

    private final FactStore store;
    private final ChangeSequence sequence;
    private final Serializer serializer;
    private final EventCodec codec;
    private final ProjectionFeed feed;
    private final HybridLogicalClock clock;
    private long replayedThrough;
    private volatile long replayedEvents;
    private volatile long replayMillis;

    public StoreReplay(FactStore store, ChangeSequence sequence, @Qualifier("eventSerializer") Serializer serializer,
                       EventCodec codec, ProjectionFeed feed, HybridLogicalClock clock) {
        this.store = store;
        this.sequence = sequence;
        this.serializer = serializer;
        this.codec = codec;
        this.feed = feed;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        long started = System.nanoTime();
        long count = replayAfterLast();
        replayedEvents = count;
        replayMillis = (System.nanoTime() - started) / 1_000_000;
        log.info("replayed {} events from the local store in {} ms", count, replayMillis);
    }

    /**
     * Feeds the projections what was stored since the last replay (the full sync at start), then
     * lets facts reach them live; nothing is stored in between.
     */
    public void catchUp() {
        sequence.exclusively(() -> {
            long count = replayAfterLast();
            if (count > 0) {
                log.info("fed {} events stored before the projections went live", count);
            }
            feed.goLive();
        });
    }

    /** Applies the store's facts after the last replayed, in number order. */
    private synchronized long replayAfterLast() {
        long count = 0;
        try (StorePages pages = new StorePages(store, this::deserialize, this::decode, replayedThrough, PAGE)) {
            for (List<StorePages.Fact> page = pages.next(); !page.isEmpty(); page = pages.next()) {
                for (StorePages.Fact fact : page) {
                    apply(fact.event(), fact.changeSeq());
                }
                count += page.size();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying the store", e);
        }
        return count;
    }

    private void apply(Object event, long changeSeq) {
        if (event instanceof RoamingEvent e) {
            clock.observe(e.hlc());
        }
        feed.apply(event, new StoredEvent(changeSeq));
        replayedThrough = changeSeq;
    }

    private Object deserialize(FactStore.LocalRow row) {
        return serializer.deserialize(new SimpleSerializedObject<>(row.payload(), byte[].class,
                new SimpleSerializedType(row.type(), row.revision())));
    }

    private Object decode(FactStore.ForeignRow row) {
        try {
            return codec.decode(row.envelope()).payload();
        } catch (UndecodableRecord e) {
            throw new IllegalStateException("foreign fact " + row.changeSeq() + " was stored but cannot be decoded", e);
        }
    }

    public long replayedEvents() {
        return replayedEvents;
    }

    public long replayMillis() {
        return replayMillis;
    }
}
