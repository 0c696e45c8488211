package io.roam.spoke.eventstore;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers that wait for the store to be synced, on a real H2 file: each returns only after a
 * CHECKPOINT SYNC that started after it asked, concurrent ones share syncs, and with the setting
 * off nothing is synced.
 */
class StoreSyncTest {

    private static final int THREADS = 8;
    private static final int ANSWERS_EACH = 20;

    @TempDir
    Path dir;

    /** A logical clock shared by the callers and the syncs, to order "asked" before "sync started". */
    private final AtomicLong ticks = new AtomicLong();
    private final ConcurrentLinkedQueue<long[]> syncs = new ConcurrentLinkedQueue<>();

    @Test
    void every_answer_waits_for_a_sync_that_started_after_it_asked_and_concurrent_answers_share_them() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StoreSync storeSync = new StoreSync(recordingStore(), new StoreSync.Settings(true), meters);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> callers = new ArrayList<>();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < THREADS; t++) {
            callers.add(pool.submit(() -> {
                for (int i = 0; i < ANSWERS_EACH; i++) {
                    long asked = ticks.incrementAndGet();
                    storeSync.awaitDurable();
                    long answered = ticks.incrementAndGet();
                    boolean covered = syncs.stream().anyMatch(s -> s[0] > asked && s[1] < answered);
                    if (!covered) {
                        violations.add("asked at " + asked + ", answered at " + answered + " without a sync between");
                    }
                }
                return null;
            }));
        }
        for (Future<?> caller : callers) {
            caller.get();
        }
        pool.shutdown();

        assertThat(violations).isEmpty();
        double made = meters.get("roam.store.syncs").counter().count();
        assertThat(made).isEqualTo(syncs.size()).isPositive().isLessThan(THREADS * ANSWERS_EACH);
    }

    @Test
    void with_the_setting_off_an_answer_waits_for_nothing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StoreSync storeSync = new StoreSync(recordingStore(), new StoreSync.Settings(false), meters);

        storeSync.awaitDurable();

        assertThat(syncs).isEmpty();
        assertThat(meters.get("roam.store.syncs").counter().count()).isZero();
    }

    /** The store a spoke opens, recording when each sync started and ended on the shared clock. */
    private JdbcTemplate recordingStore() {
        DriverManagerDataSource store = new DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0", "sa", "");
        return new JdbcTemplate(store) {
            @Override
            public void execute(String sql) {
                long started = ticks.incrementAndGet();
                super.execute(sql);
                syncs.add(new long[]{started, ticks.incrementAndGet()});
            }
        };
    }
}
