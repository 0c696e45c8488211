package io.roam.scenarios.load;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Threads of a load generator: daemons, so that a worker still blocked on a call cannot keep the JVM from exiting. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code name-1}, {@code name-2}, … */
    public static ThreadFactory named(String name) {
        AtomicLong count = new AtomicLong();
        return body -> {
            Thread thread = new Thread(body, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
