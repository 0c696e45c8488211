package io.roam.spoke.eventstore;

import io.roam.events.HybridLogicalClock;
import io.roam.events.RoamingEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Rebuilds every projection from the local store before anything else runs, and restores the
 * hybrid logical clock to the largest timestamp stored. The spoke serves nothing until this
 * has finished, so a restart never answers from an empty map.
 */
@Component
public class StoreReplay implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StoreReplay.class);
    private static final int PAGE = 10_000;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final List<Projection> projections;
    private final HybridLogicalClock clock;
    private long replayedThrough = -1;
    private volatile long replayedEvents;
    private volatile long replayMillis;

    public StoreReplay(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer,
                       List<Projection> projections, HybridLogicalClock clock) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.projections = projections;
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
     * Feeds the projections what was appended since the last replay while no subscribing processor
     * listened: the full sync at start runs before Axon's processors subscribe, so only this
     * brings its events into the directory.
     */
    public void catchUp() {
        long count = replayAfterLast();
        if (count > 0) {
            log.info("fed {} events appended before the projections subscribed", count);
        }
    }

    private synchronized long replayAfterLast() {
        long last = replayedThrough;
        long count = 0;
        while (true) {
            List<Row> page = jdbc.query(
                    "SELECT global_index, event_identifier, payload_type, payload_revision, payload FROM domain_event_entry "
                            + "WHERE global_index > ? ORDER BY global_index LIMIT " + PAGE,
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBytes(5)), last);
            if (page.isEmpty()) {
                break;
            }
            for (Row row : page) {
                SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(row.payload, byte[].class,
                        new SimpleSerializedType(row.type, row.revision));
                Object event = serializer.deserialize(serialized);
                observeClock(event);
                StoredEvent stored = new StoredEvent(row.identifier, row.globalIndex);
                for (Projection projection : projections) {
                    projection.apply(event, stored);
                }
                last = row.globalIndex;
                count++;
            }
        }
        replayedThrough = last;
        return count;
    }

    private void observeClock(Object event) {
        if (event instanceof RoamingEvent e) {
            clock.observe(e.hlc());
        }
    }

    public long replayedEvents() {
        return replayedEvents;
    }

    public long replayMillis() {
        return replayMillis;
    }

    private record Row(long globalIndex, String identifier, String type, String revision, byte[] payload) {
    }
}
