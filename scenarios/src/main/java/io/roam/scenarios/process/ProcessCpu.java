package io.roam.scenarios.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CPU time this machine's processes take while a run lasts, by program name (the command
 * names of /proc: {@code kamailio}, {@code sipp}, {@code java}, ...), as a share of all cores.
 * /proc is sampled every interval, so that a process that starts and ends within the run (a SIPp
 * caller) counts too, up to its last sample; one that started after the run counts from zero.
 */
public final class ProcessCpu implements AutoCloseable {

    /** Linux's USER_HZ, the unit of /proc's utime and stime on every architecture it runs on here. */
    private static final long TICKS_PER_SECOND = 100;

    private record Sample(String name, long startTicks, long cpuTicks) {
    }

    private final Path proc;
    private final long startNanos = System.nanoTime();
    private final long bootTicksAtStart;
    private final Map<Long, Sample> first = new HashMap<>();
    private final Map<Long, Sample> last = new HashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread sampler;
    private volatile long endNanos;

    private ProcessCpu(Path proc, Duration every) {
        this.proc = proc;
        this.bootTicksAtStart = uptimeTicks();
        sample();
        sampler = new Thread(() -> {
            try {
                while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                    sample();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "process-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling /proc; empty where there is none (not Linux). */
    public static Optional<ProcessCpu> start(Duration every) {
        Path proc = Path.of("/proc");
        return Files.isReadable(proc.resolve("stat")) ? Optional.of(new ProcessCpu(proc, every)) : Optional.empty();
    }

    /** Stops sampling and gives each program's CPU time as a share of every core over the run, largest first. */
    public Map<String, Double> shares() {
        close();
        double available = (endNanos - startNanos) / 1e9 * Runtime.getRuntime().availableProcessors() * TICKS_PER_SECOND;
        Map<String, Double> shares = new TreeMap<>();
        synchronized (this) {
            for (Map.Entry<Long, Sample> process : last.entrySet()) {
                Sample end = process.getValue();
                Sample begin = first.get(process.getKey());
                // A process first seen after the run began and started after it too: all its time is the run's.
                long base = begin.startTicks() > bootTicksAtStart ? 0 : begin.cpuTicks();
                shares.merge(end.name(), (end.cpuTicks() - base) / available, Double::sum);
            }
        }
        return shares;
    }

    private synchronized void sample() {
        try (Stream<Path> entries = Files.list(proc)) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                long pid = Long.parseLong(dir.getFileName().toString());
                read(dir.resolve("stat")).ifPresent(sample -> {
                    Sample earlier = first.putIfAbsent(pid, sample);
                    // A pid used again by another process: keep the first one's.
                    if (earlier == null || earlier.startTicks() == sample.startTicks()) {
                        last.put(pid, sample);
                    }
                });
            });
        } catch (IOException e) {
            // /proc changes under the listing; the next sample sees it
        }
    }

    /** comm is in parentheses and may hold spaces: the fields are counted from its closing one. */
    private static Optional<Sample> read(Path stat) {
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] fields = line.substring(close + 2).split(" ");
            // After comm: state is field 3, utime 14, stime 15, starttime 22 (1-based over the whole line).
            long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Optional.of(new Sample(line.substring(open + 1, close), Long.parseLong(fields[19]), cpu));
        } catch (IOException | RuntimeException e) {
            // gone between the listing and the read
            return Optional.empty();
        }
    }

    private long uptimeTicks() {
        try {
            String uptime = Files.readString(proc.resolve("uptime"), StandardCharsets.US_ASCII).split(" ")[0];
            return (long) (Double.parseDouble(uptime) * TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (stop.getCount() > 0) {
            sample();
            endNanos = System.nanoTime();
            stop.countDown();
        }
    }
}
