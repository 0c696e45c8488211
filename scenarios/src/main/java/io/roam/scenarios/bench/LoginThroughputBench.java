package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.load.Http1Connection;
import io.roam.scenarios.load.Latencies;
import io.roam.scenarios.simulation.StandaloneSpoke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figure 2: logins per second at one spoke with its durable H2 store, from closed-loop clients
 * (each logs in on its own phone, waits for the answer, logs out, and goes again), at the default
 * PIN-hash cost and at cost 4. Each cost runs on a fresh standalone spoke, attached to no hub, so
 * that nothing but the logins competes for the cores. Cost 4 runs twice: as the spoke stores by default
 * (each commit written to the file), and with every answer waiting for the file to be synced to the device. Beside each cost it measures the hashing
 * ceiling (what bcrypt alone allows on these cores) and, for every step, the CPU the spoke spent per
 * login and the share of the machine the load generator (this process) took.
 */
public final class LoginThroughputBench {

    public static final String ID = "logins";
    public static final String TITLE = "2. Login throughput at one spoke (closed loop, durable H2 store)";
    public static final String TARGET = "logins/s at one spoke, PIN cost 4, 4 clients >= 0.5 x the hashing ceiling with p99 <= 50 ms";
    private static final int TARGET_CLIENTS = 4;

    /** A spoke's settings for one series of steps: the PIN-hash cost, and whether answers wait for an fsync. */
    private record Variant(int cost, boolean fsync) {

        String label() {
            return fsync ? cost + " + fsync" : String.valueOf(cost);
        }
    }

    private static final List<Variant> VARIANTS = List.of(new Variant(10, false), new Variant(4, false), new Variant(4, true));

    private final BenchPlan plan;
    private final SpokeLauncher launcher;
    private final Progress progress;

    /** Starts a standalone spoke with extra Spring properties. */
    public interface SpokeLauncher {
        StandaloneSpoke start(String clusterId, List<String> properties) throws IOException;
    }

    public LoginThroughputBench(BenchPlan plan, SpokeLauncher launcher, Progress progress) {
        this.plan = plan;
        this.launcher = launcher;
        this.progress = progress;
    }

    private record Step(Variant variant, int clients, StepResult result, HashingCeiling ceiling) {

        double loginsPerSecond() {
            return result.loginsPerSecond;
        }

        double ofCeiling() {
            return result.loginsPerSecond / ceiling.loginsPerSecond();
        }
    }

    public Figure run() throws IOException, InterruptedException {
        int maxClients = plan.loginClients().stream().mapToInt(Integer::intValue).max().orElse(1);
        List<Step> steps = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        for (Variant variant : VARIANTS) {
            int cost = variant.cost();
            HashingCeiling ceiling = HashingCeiling.measure(cost, cores);
            progress.say("logins: bcrypt at cost " + cost + " takes " + ReportWriter.format(ceiling.cpuMillisPerCheck())
                    + " ms of CPU a check: at most " + ReportWriter.format(ceiling.loginsPerSecond()) + " logins/s on "
                    + cores + " cores");
            String cluster = "bench-logins-c" + cost + (variant.fsync() ? "-fsync" : "");
            progress.say("logins: starting the standalone spoke " + cluster + " (PIN-hash cost " + variant.label() + ")");
            try (StandaloneSpoke spoke = launcher.start(cluster, List.of("roam.spoke.em.pin-hash-cost=" + cost,
                    "roam.spoke.em.maximum-concurrent-requests=" + Math.max(64, maxClients),
                    "roam.spoke.store.sync-before-answer=" + variant.fsync()))) {
                BenchFleet fleet = new BenchFleet("c" + cost + (variant.fsync() ? "s" : ""),
                        7_100_000L + cost * 1_000L + (variant.fsync() ? 500L : 0L), maxClients);
                fleet.provision(spoke.url());
                // The JIT keeps compiling the request path long after start, on the same cores.
                progress.say("logins: warming " + cluster + " up for " + plan.loginWarmup().multipliedBy(4).toSeconds() + " s");
                closedLoop(spoke, fleet, maxClients, plan.loginWarmup().multipliedBy(4));
                for (int clients : plan.loginClients()) {
                    progress.say("logins: cost " + variant.label() + ", " + clients + " client(s) for "
                            + plan.loginDuration().toSeconds() + " s");
                    closedLoop(spoke, fleet, clients, plan.loginWarmup());
                    steps.add(new Step(variant, clients, closedLoop(spoke, fleet, clients, plan.loginDuration()), ceiling));
                }
            }
        }
        return figure(steps);
    }

    private Figure figure(List<Step> steps) {
        Figure.Builder figure = Figure.builder(ID, TITLE, "PIN-hash cost", "clients", "logins/s", "errors",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms", "hashing ceiling /s", "of ceiling",
                "spoke CPU ms per login", "generator % of machine");
        for (Step step : steps) {
            StepResult r = step.result;
            Latencies.Summary s = r.latencies.summary();
            figure.row(step.variant.label(), step.clients, r.loginsPerSecond, r.errors, s.p50(), s.p99(), s.p999(), s.max(),
                    step.ceiling.loginsPerSecond(), ReportWriter.format(step.ofCeiling()) + "x",
                    r.spokeCpuMillisPerLogin(), r.generatorShareOfMachine() * 100);
            figure.curve(r.latencies.series("cost " + step.variant.label() + ", " + step.clients + " client(s)"));
        }
        figure.note("Latency of the HTTP login call alone; each client logs its phone out after every login (not timed), "
                + "so the spoke serves twice as many EM calls as the logins/s shown.");
        figure.note("Cost 10 is the default bcrypt cost: its hashing dominates. Cost 4 isolates the event pipeline "
                + "(Axon command, H2 commit, outbox sequencing).");
        figure.note("Standalone spokes (no hub, no peers), maximum-concurrent-requests raised to 64; each spoke is "
                + "warmed up with the most clients for four warm-up periods before its first step, and for one before each.");
        figure.note("\"+ fsync\": roam.spoke.store.sync-before-answer, each EM answer waits for a CHECKPOINT SYNC that "
                + "started after its commit (shared by concurrent answers); it survives power loss, the default kill -9.");
        figure.note("Hashing ceiling: the cores divided by the CPU-seconds of one bcrypt check at that cost, measured in "
                + "this process with the spoke's encoder; a login checks one PIN, a logout none. The load generator is "
                + "this process and shares the cores, so the ceiling is not reachable; the target asks for half of it.");
        figure.note("Spoke CPU per login: the spoke process's CPU time over the step (logins and their logouts) "
                + "divided by the logins; generator share: this process's CPU time over the step's cores x seconds.");
        steps.stream().filter(s -> s.variant.equals(new Variant(4, false)) && s.clients == TARGET_CLIENTS).findFirst()
                .ifPresentOrElse(step -> figure.target(TargetCheck.of(TARGET, ReportWriter.format(step.loginsPerSecond())
                                + "/s = " + ReportWriter.format(step.ofCeiling()) + " x the ceiling of "
                                + ReportWriter.format(step.ceiling.loginsPerSecond()) + "/s, p99 "
                                + ReportWriter.format(step.result.latencies.summary().p99()) + " ms",
                                step.ofCeiling() >= 0.5 && step.result.latencies.summary().p99() <= 50)),
                        () -> figure.target(TargetCheck.of(TARGET, "no run at cost 4 with " + TARGET_CLIENTS + " clients", false)));
        steps.stream().filter(s -> s.variant.equals(new Variant(4, false))).max(Comparator.comparingDouble(Step::loginsPerSecond))
                .ifPresent(best -> figure.note("Best at cost 4: " + ReportWriter.format(best.loginsPerSecond()) + " logins/s at "
                        + best.clients + " clients, " + ReportWriter.format(best.ofCeiling()) + " x the hashing ceiling."));
        return figure.build();
    }

    /** Runs {@code clients} closed loops for the duration, and counts the CPU both sides spent. */
    private StepResult closedLoop(StandaloneSpoke spoke, BenchFleet fleet, int clients, Duration duration)
            throws InterruptedException {
        String url = spoke.url();
        Latencies latencies = new Latencies();
        AtomicLong logins = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long spokeCpuBefore = cpuNanos(spoke.pid());
        long generatorCpuBefore = generatorCpuNanos();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try (Http1Connection http = new Http1Connection(url, null)) {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        int status = call(http, "/api/v1/em/login", fleet.loginBody(client));
                        if (status == 200) {
                            latencies.recordNanos(System.nanoTime() - sent);
                            logins.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        call(http, "/api/v1/em/logout", fleet.logoutBody(client));
                    }
                }
            }, "bench-client-" + c);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double spokeCpuSeconds = (cpuNanos(spoke.pid()) - spokeCpuBefore) / 1e9;
        double generatorCpuSeconds = (generatorCpuNanos() - generatorCpuBefore) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        return new StepResult(logins.get() / seconds, errors.get(), latencies,
                logins.get() == 0 ? Double.NaN : spokeCpuSeconds * 1000 / logins.get(),
                generatorCpuSeconds / (cores * seconds));
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toNanos).orElse(0L);
    }

    private static long generatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int call(Http1Connection http, String path, String body) {
        try {
            return http.post(path, body).status();
        } catch (UncheckedIOException e) {
            return 0;
        }
    }

    private record StepResult(double loginsPerSecond, long errors, Latencies latencies,
                              double spokeCpuMillisPerLogin, double generatorShareOfMachine) {
    }
}
