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

    /** Merges the two sources, each read in number order, page by page: the smaller number goes first. */
    private synchronized long replayAfterLast() {
        long count = 0;
        List<FactStore.LocalRow> local = store.localAfter(replayedThrough, PAGE);
        List<FactStore.ForeignRow> foreign = store.foreignAfter(replayedThrough, PAGE);
        int l = 0;
        int f = 0;
        while (l < local.size() || f < foreign.size()) {
            boolean takeLocal = f == foreign.size()
                    || (l < local.size() && local.get(l).changeSeq() < foreign.get(f).changeSeq());
            if (takeLocal) {
                FactStore.LocalRow row = local.get(l++);
                apply(deserialize(row), row.changeSeq());
            } else {
                FactStore.ForeignRow row = foreign.get(f++);
                apply(decode(row), row.changeSeq());
            }
            count++;
            if (l == local.size() && local.size() == PAGE) {
                local = store.localAfter(replayedThrough, PAGE);
                l = 0;
            }
            if (f == foreign.size() && foreign.size() == PAGE) {
                foreign = store.foreignAfter(replayedThrough, PAGE);
                f = 0;
            }
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
