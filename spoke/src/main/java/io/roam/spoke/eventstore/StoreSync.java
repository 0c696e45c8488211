package io.roam.spoke.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes an answer wait until what was committed before it is on the device, when
 * {@code roam.spoke.store.sync-before-answer} is set. H2 writes each commit to its file, so a
 * killed process loses nothing, but it syncs the file to the device only on {@code CHECKPOINT
 * SYNC}; without that, power loss can take commits already answered. One sync covers every
 * commit that finished before it started, so concurrent answers share one.
 */
@Component
public class StoreSync {

    /** {@code roam.spoke.store.*}. */
    @ConfigurationProperties("roam.spoke.store")
    public record Settings(@DefaultValue("false") boolean syncBeforeAnswer) {
    }

    private final JdbcTemplate jdbc;
    private final boolean enabled;
    private final AtomicLong committed = new AtomicLong();
    private final ReentrantLock syncing = new ReentrantLock();
    private final Counter syncs;
    private long synced;

    public StoreSync(JdbcTemplate jdbc, Settings settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.enabled = settings.syncBeforeAnswer();
        this.syncs = Counter.builder("roam.store.syncs").description("CHECKPOINT SYNCs made for answers that wait for one")
                .register(meters);
    }

    /** Call after the answer's transaction committed; returns once it is synced (at once while the setting is off). */
    public void awaitDurable() {
        if (!enabled) {
            return;
        }
        long mine = committed.incrementAndGet();
        syncing.lock();
        try {
            if (synced >= mine) {
                return;
            }
            // every ticket up to here was taken after its commit, so this sync covers them all
            long covered = committed.get();
            jdbc.execute("CHECKPOINT SYNC");
            syncs.increment();
            synced = covered;
        } finally {
            syncing.unlock();
        }
    }
}
