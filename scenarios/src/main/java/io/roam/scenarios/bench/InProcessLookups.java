package io.roam.scenarios.bench;

import io.roam.events.HybridLogicalClock;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserProvisioned;
import io.roam.spoke.directory.DnEntry;
import io.roam.spoke.directory.RoamingDirectory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * Figure 3, in process: {@link RoamingDirectory#lookup} from every core, no JMH. The directory is
 * built from events as a spoke builds it: users of four clusters, half of them roaming.
 * Each thread walks the DNs in a scattered order and folds the answers into a sink, so the
 * lookups cannot be optimised away.
 */
public final class InProcessLookups {

    public static final String TARGET = "in-process lookups >= 10M/s";
    private static final int STRIDE = 7_919;
    private static final int CHECK_EVERY = 4_096;

    private InProcessLookups() {
    }

    /**
     * @param lookupsPerCpuSecond lookups per second of CPU the threads actually got: on a busy machine
     *                            the wall-clock rate measures the neighbours as much as the map
     */
    public record Result(int dns, int threads, double lookupsPerSecond, double lookupsPerCpuSecond) {
    }

    public static Result measure(int dnCount, Duration warmup, Duration duration) throws InterruptedException {
        RoamingDirectory directory = new RoamingDirectory("cluster-1");
        HybridLogicalClock clock = HybridLogicalClock.systemClock();
        String[] dns = new String[dnCount];
        for (int i = 0; i < dnCount; i++) {
            dns[i] = Long.toString(5_000_000L + i);
            String home = "cluster-" + (1 + i % 4);
            directory.apply(new UserProvisioned("user-" + i, home, List.of(dns[i]), true, null, "x", clock.tick()));
            if (i % 2 == 0) {
                String roamedTo = "cluster-" + (1 + (i + 1) % 4);
                directory.apply(new UserLoggedIn("login-" + i, "user-" + i, roamedTo, "SEP" + i, clock.tick()));
            }
        }
        int threads = Runtime.getRuntime().availableProcessors();
        ToIntFunction<String> lookup = dn -> {
            DnEntry entry = directory.lookup(dn).orElse(null);
            return entry == null ? 1 : entry.target().length();
        };
        run(lookup, dns, threads, warmup);
        return run(lookup, dns, threads, duration);
    }

    /**
     * The same walk over a plain ConcurrentHashMap from DN to cluster: what this machine does for any
     * map of that size, so the directory's own cost can be told from a slow or busy machine.
     */
    public static Result measurePlainMap(int dnCount, Duration warmup, Duration duration) throws InterruptedException {
        Map<String, String> map = new ConcurrentHashMap<>();
        String[] dns = new String[dnCount];
        for (int i = 0; i < dnCount; i++) {
            dns[i] = Long.toString(5_000_000L + i);
            map.put(dns[i], "cluster-" + (1 + i % 4));
        }
        ToIntFunction<String> lookup = dn -> {
            String cluster = map.get(dn);
            return cluster == null ? 1 : cluster.length();
        };
        int threads = Runtime.getRuntime().availableProcessors();
        run(lookup, dns, threads, warmup);
        return run(lookup, dns, threads, duration);
    }

    private static Result run(ToIntFunction<String> lookup, String[] dns, int threadCount, Duration duration)
            throws InterruptedException {
        AtomicLong lookups = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        // Where the answers are folded: a volatile write the JIT cannot drop, so neither can it drop the lookups.
        AtomicLong sink = new AtomicLong();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int offset = t * (dns.length / threadCount);
            Thread thread = new Thread(() -> {
                long cpuStart = cpu.getCurrentThreadCpuTime();
                long done = 0;
                long fold = 0;
                int index = offset;
                while (true) {
                    for (int i = 0; i < CHECK_EVERY; i++) {
                        index += STRIDE;
                        if (index >= dns.length) {
                            index -= dns.length;
                        }
                        fold += lookup.applyAsInt(dns[index]);
                    }
                    done += CHECK_EVERY;
                    if (System.nanoTime() >= end) {
                        break;
                    }
                }
                cpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - cpuStart);
                lookups.addAndGet(done);
                sink.addAndGet(fold);
            }, "bench-in-process-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(dns.length, threadCount, lookups.get() / seconds, lookups.get() / (cpuNanos.get() / 1e9));
    }
}
