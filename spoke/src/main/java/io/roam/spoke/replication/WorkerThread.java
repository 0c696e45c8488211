package io.roam.spoke.replication;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The thread of a replication worker that owns a Kafka client ({@link InboundConsumer},
 * {@link Publisher}): the body loops until {@link #stopping()}, and rests after a failure with
 * {@link #pause}, which a stop ends at once, so that stopping the spoke never waits out a pause.
 * The worker keeps its own failure handling and decides how long a stop waits for the body.
 *
 * <p>The thread is a daemon: a body stuck in a client call must not keep the process alive.
 */
final class WorkerThread {

    private final String name;
    private final Runnable body;
    private final Runnable wakeUp;
    /** Counted down by {@link #stop}; a fresh one for each start, as a lifecycle may start again. */
    private volatile CountDownLatch stop = new CountDownLatch(0);
    private Thread thread;

    WorkerThread(String name, Runnable body) {
        this(name, body, () -> { });
    }

    /** @param wakeUp wakes whatever else the body waits on, so that it sees the stop */
    WorkerThread(String name, Runnable body, Runnable wakeUp) {
        this.name = name;
        this.body = body;
        this.wakeUp = wakeUp;
    }

    void start() {
        stop = new CountDownLatch(1);
        thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Tells the body to stop, wakes it, and waits at most {@code joinTimeout} for it to end. */
    void stop(Duration joinTimeout) {
        stop.countDown();
        wakeUp.run();
        try {
            // join(0) would wait for ever
            thread.join(Math.max(1, joinTimeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From {@link #stop} on, and before the first {@link #start}. */
    boolean stopping() {
        return stop.getCount() == 0;
    }

    /** Waits {@code pause}, or less when the worker stops meanwhile. */
    void pause(Duration pause) {
        try {
            stop.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
