package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.load.DaemonThreads;
import io.roam.scenarios.load.FixedRateScheduler;
import io.roam.scenarios.load.Http1Connection;
import io.roam.scenarios.load.Latencies;
import io.roam.scenarios.load.ThreadConnections;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Figure 3: what call routing asks a spoke, over HTTP on loopback. For each call, a short closed
 * loop finds the most it serves (saturation), then fixed rates at half and 80 % of that measure the
 * latency from each call's due time. Both the load generator and the spoke share the two cores.
 */
public final class LookupBench {

    public static final String ID = "lookups";
    public static final String TITLE = "3. Lookups over HTTP (GET /route, POST /directory/lookup of 100 DNs)";
    public static final String TARGET = "GET /route >= 20,000 req/s with p99 <= 5 ms";

    private static final int PROBE_CLIENTS = 4;
    private static final int OPEN_LOOP_THREADS = 16;
    private static final int LOOKUP_DNS = 100;
    private static final int BODIES = 256;
    private static final List<Double> FRACTIONS = List.of(0.5, 0.8);

    private final BenchPlan plan;
    private final BenchFleet fleet;
    private final String spokeUrl;
    private final String cluster;
    private final Progress progress;

    public LookupBench(BenchPlan plan, BenchFleet fleet, String cluster, String spokeUrl, Progress progress) {
        this.plan = plan;
        this.fleet = fleet;
        this.cluster = cluster;
        this.spokeUrl = spokeUrl;
        this.progress = progress;
    }

    /** One kind of call; {@code request} sends the i-th one. */
    private record Call(String name, Function<Http1Connection, Integer> request) {
    }

    private record Step(String call, String mode, double targetRate, double achieved, long errors, Latencies latencies) {
    }

    public Figure run() throws InterruptedException {
        SplittableRandom random = new SplittableRandom(42);
        List<String> routePaths = IntStream.range(0, BODIES)
                .mapToObj(i -> "/api/v1/route?dn=" + fleet.dn(random.nextInt(fleet.size()))).toList();
        List<String> lookupBodies = IntStream.range(0, BODIES)
                .mapToObj(i -> fleet.lookupBody(IntStream.range(0, LOOKUP_DNS)
                        .mapToObj(k -> random.nextInt(fleet.size())).toList()))
                .toList();
        AtomicLong next = new AtomicLong();
        List<Call> calls = List.of(
                new Call("GET /route", http -> http.get(routePaths.get((int) (next.getAndIncrement() % BODIES))).status()),
                new Call("POST /directory/lookup (100 DNs)", http -> http.post("/api/v1/directory/lookup",
                        lookupBodies.get((int) (next.getAndIncrement() % BODIES))).status()));
        List<Step> steps = new ArrayList<>();
        for (Call call : calls) {
            progress.say("lookups: " + call.name + ", closed loop of " + PROBE_CLIENTS + " clients");
            closedLoop(call, plan.lookupProbe());
            Step saturation = closedLoop(call, plan.lookupProbe());
            steps.add(saturation);
            for (double fraction : FRACTIONS) {
                double rate = Math.max(100, Math.round(saturation.achieved * fraction / 100) * 100.0);
                progress.say("lookups: " + call.name + " at " + (long) rate + "/s for "
                        + plan.lookupDuration().toSeconds() + " s");
                steps.add(openLoop(call, rate, plan.lookupDuration()));
            }
        }
        return figure(steps);
    }

    private Figure figure(List<Step> steps) {
        Figure.Builder figure = Figure.builder(ID, TITLE, "call", "load", "rate/s", "achieved/s", "errors",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (Step step : steps) {
            Latencies.Summary s = step.latencies.summary();
            figure.row(step.call, step.mode, step.targetRate, step.achieved, step.errors, s.p50(), s.p99(), s.p999(), s.max());
            if (!step.mode.startsWith("closed")) {
                figure.curve(step.latencies.series(step.call.split(" ")[1] + " " + (long) step.targetRate + "/s"));
            }
        }
        figure.note("At " + cluster + " of the topology, over its " + fleet.size() + " bench DNs (random), with " + PROBE_CLIENTS
                + " keep-alive connections in the closed loop (saturation) and " + OPEN_LOOP_THREADS
                + " in the open loop (latency from the due time).");
        steps.stream()
                .filter(s -> s.call.equals("GET /route") && !s.mode.startsWith("closed") && s.latencies.summary().p99() <= 5)
                .max(Comparator.comparingDouble(Step::achieved))
                .ifPresentOrElse(best -> figure.target(TargetCheck.of(TARGET, ReportWriter.format(best.achieved)
                                + " req/s with p99 "
                                + ReportWriter.format(best.latencies.summary().p99()) + " ms", best.achieved >= 20_000)),
                        () -> figure.target(TargetCheck.of(TARGET, "no fixed rate had p99 <= 5 ms", false)));
        steps.stream().filter(s -> s.call.equals("GET /route") && s.mode.startsWith("closed")).findFirst()
                .ifPresent(s -> figure.note("GET /route saturates at " + ReportWriter.format(s.achieved) + " req/s here."));
        return figure.build();
    }

    private Step closedLoop(Call call, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < PROBE_CLIENTS; c++) {
            Thread thread = new Thread(() -> {
                try (Http1Connection http = new Http1Connection(spokeUrl, null)) {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        if (send(call, http) == 200) {
                            latencies.recordNanos(System.nanoTime() - sent);
                            done.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
            }, "bench-lookup-" + c);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Step(call.name, "closed loop, " + PROBE_CLIENTS + " clients", Double.NaN, done.get() / seconds,
                errors.get(), latencies);
    }

    private Step openLoop(Call call, double rate, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(OPEN_LOOP_THREADS, DaemonThreads.named("bench-lookup"));
        long start = System.nanoTime();
        try (ThreadConnections connections = new ThreadConnections(spokeUrl, null)) {
            new FixedRateScheduler().run(rate, duration, due -> workers.execute(() -> {
                int status = send(call, connections.get());
                long now = System.nanoTime();
                if (status == 200) {
                    latencies.recordNanos(now - due);
                    done.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
                lastAnswer.accumulateAndGet(now, Math::max);
            }));
            workers.shutdown();
            workers.awaitTermination(1, TimeUnit.MINUTES);
        } finally {
            workers.shutdownNow();
        }
        double seconds = Math.max(duration.toNanos(), lastAnswer.get() - start) / 1e9;
        return new Step(call.name, "fixed rate", rate, done.get() / seconds, errors.get(), latencies);
    }

    private static int send(Call call, Http1Connection http) {
        try {
            return call.request.apply(http);
        } catch (UncheckedIOException e) {
            return 0;
        }
    }
}
