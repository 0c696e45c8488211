package io.roam.spoke.replication;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A replication worker's body runs on its own named daemon thread until stopped, and a stop cuts its pause short. */
class WorkerThreadTest {

    private static final Duration LONG_PAUSE = Duration.ofMinutes(10);

    private final AtomicInteger passes = new AtomicInteger();
    private final AtomicBoolean pausing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicReference<Thread> ranOn = new AtomicReference<>();
    private WorkerThread worker;

    @AfterEach
    void stopWorker() {
        if (worker != null && !worker.stopping()) {
            worker.stop(Duration.ofSeconds(5));
        }
    }

    private void loop(Duration pause) {
        ranOn.set(Thread.currentThread());
        while (!worker.stopping()) {
            passes.incrementAndGet();
            pausing.set(true);
            worker.pause(pause);
            pausing.set(false);
        }
        ended.set(true);
    }

    @Test
    void the_body_runs_on_a_named_daemon_thread_until_stopped() {
        worker = new WorkerThread("replication-test", () -> loop(Duration.ofMillis(1)));
        assertThat(worker.stopping()).isTrue();

        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() >= 3);

        assertThat(worker.stopping()).isFalse();
        assertThat(ended).isFalse();
        assertThat(ranOn.get().getName()).isEqualTo("replication-test");
        assertThat(ranOn.get().isDaemon()).isTrue();

        worker.stop(Duration.ofSeconds(10));

        assertThat(worker.stopping()).isTrue();
        assertThat(ended).isTrue();
        assertThat(ranOn.get().isAlive()).isFalse();
    }

    @Test
    void a_stop_during_a_pause_ends_the_pause_at_once() {
        worker = new WorkerThread("replication-test", () -> loop(LONG_PAUSE));
        worker.start();
        await().atMost(Duration.ofSeconds(10)).untilTrue(pausing);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> worker.stop(LONG_PAUSE));

        assertThat(ended).isTrue();
        assertThat(passes).hasValue(1);
    }

    @Test
    void a_stop_also_wakes_what_else_the_body_waits_on() {
        Object signal = new Object();
        worker = new WorkerThread("replication-test", () -> {
            synchronized (signal) {
                while (!worker.stopping()) {
                    pausing.set(true);
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            ended.set(true);
        }, () -> {
            synchronized (signal) {
                signal.notifyAll();
            }
        });
        worker.start();
        await().atMost(Duration.ofSeconds(10)).untilTrue(pausing);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> worker.stop(LONG_PAUSE));

        assertThat(ended).isTrue();
    }

    @Test
    void a_stopped_worker_starts_again() {
        worker = new WorkerThread("replication-test", () -> loop(LONG_PAUSE));
        worker.start();
        await().atMost(Duration.ofSeconds(10)).untilTrue(pausing);
        worker.stop(Duration.ofSeconds(10));
        ended.set(false);

        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> passes.get() == 2);

        assertThat(worker.stopping()).isFalse();
        assertThat(ended).isFalse();
    }
}
