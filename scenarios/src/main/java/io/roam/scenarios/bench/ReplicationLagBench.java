package io.roam.scenarios.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Figure 1: logins accepted at one spoke, until they are visible in the DN projection of every
 * other spoke. Logins come at a fixed rate, each of a free user on its own phone; latency counts
 * from the login's due time. Every other spoke is polled with batch lookups of the DNs still
 * awaited; the first answer that shows the login is when it became visible there (an upper
 * bound, a poll's round trip late at most). Once every spoke has seen it, the user is logged out
 * and may log in again. The same rates then run on the Kafka floor.
 */
final class ReplicationLagBench {

    static final String ID = "lag";
    static final String TITLE = "1. Replication lag: login accepted at one spoke, visible at every other spoke";
    static final String TARGET_P99 = "lag p99 at 500/s <= 100 ms";
    static final String TARGET_FLOOR = "lag p99 at 500/s <= 2x floor";

    private static final int LOGIN_THREADS = 48;
    private static final int LOGOUT_THREADS = 8;
    private static final int LOOKUP_BATCH = 1000;
    /**
     * Each spoke is asked at most this often: a poll costs the spoke about a millisecond of CPU, and
     * three spokes polled back to back would eat the two cores. It bounds the resolution of "visible".
     */
    private static final Duration POLL_PERIOD = Duration.ofMillis(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final BenchPlan plan;
    private final BenchFleet fleet;
    private final String originUrl;
    private final Map<String, String> observers;
    private final String bootstrapServers;
    private final Progress progress;

    /** @param observers every other spoke: cluster id → base URL */
    ReplicationLagBench(BenchPlan plan, BenchFleet fleet, String originUrl, Map<String, String> observers,
                        String bootstrapServers, Progress progress) {
        this.plan = plan;
        this.fleet = fleet;
        this.originUrl = originUrl;
        this.observers = new LinkedHashMap<>(observers);
        this.bootstrapServers = bootstrapServers;
        this.progress = progress;
    }

    Figure run() throws InterruptedException {
        progress.say("lag: warming up at " + plan.lagRates().get(0) + " logins/s");
        runRate(plan.lagRates().get(0), plan.lagWarmup());
        List<RateRun> runs = new ArrayList<>();
        for (int rate : plan.lagRates()) {
            progress.say("lag: " + rate + " logins/s for " + plan.lagDuration().toSeconds() + " s");
            runs.add(runRate(rate, plan.lagDuration()));
        }
        KafkaFloor floor = new KafkaFloor(bootstrapServers);
        Map<Integer, KafkaFloor.Result> floors = new LinkedHashMap<>();
        for (int rate : plan.lagRates()) {
            progress.say("lag floor: " + rate + " records/s for " + plan.lagDuration().toSeconds() + " s");
            floors.put(rate, floor.run(rate, plan.lagWarmup(), plan.lagDuration()));
        }
        return figure(runs, floors);
    }

    private Figure figure(List<RateRun> runs, Map<Integer, KafkaFloor.Result> floors) {
        Figure.Builder figure = Figure.builder(ID, TITLE, "path", "rate/s", "achieved/s", "samples", "errors",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms", "p50 ratio", "p99 ratio", "p99.9 ratio", "max ratio");
        for (RateRun run : runs) {
            Latencies.Summary floor = floors.get(run.rate).latencies().summary();
            Latencies.Summary everywhere = run.everywhere.summary();
            figure.row("visible everywhere", run.rate, run.achieved(), everywhere.count(), run.errors(),
                    everywhere.p50(), everywhere.p99(), everywhere.p999(), everywhere.max(),
                    everywhere.p50() / floor.p50(), everywhere.p99() / floor.p99(), everywhere.p999() / floor.p999(),
                    everywhere.max() / floor.max());
            run.perObserver.forEach((cluster, latencies) -> {
                Latencies.Summary s = latencies.summary();
                figure.row("visible at " + cluster, run.rate, "", s.count(), "", s.p50(), s.p99(), s.p999(), s.max(),
                        "", "", "", "");
            });
            Latencies.Summary login = run.login.summary();
            figure.row("login HTTP answer", run.rate, "", login.count(), "", login.p50(), login.p99(), login.p999(),
                    login.max(), "", "", "", "");
            Latencies.Summary replication = run.ackToEverywhere.summary();
            figure.row("answer to visible everywhere", run.rate, "", replication.count(), "", replication.p50(),
                    replication.p99(), replication.p999(), replication.max(), "", "", "", "");
            figure.row("floor (kafka-clients)", run.rate, "", floor.count(), floors.get(run.rate).lost(), floor.p50(),
                    floor.p99(), floor.p999(), floor.max(), "", "", "", "");
            figure.curve(run.everywhere.series("everywhere " + run.rate + "/s"));
            figure.curve(floors.get(run.rate).latencies().series("floor " + run.rate + "/s"));
            run.errorSamples.forEach((status, answer) -> figure.note("at " + run.rate + "/s, logins failed with "
                    + (status == 0 ? "" : "HTTP " + status + " ") + answer));
            if (run.unseen > 0) {
                figure.note(run.unseen + " login(s) at " + run.rate + "/s were not seen everywhere within "
                        + DRAIN_TIMEOUT.toSeconds() + " s; counted at the time the bench gave up on them");
            }
        }
        figure.note("All latencies count from the login's due time on a fixed schedule (coordinated omission accounted for): "
                + "a login waiting for a free user, a connection or the server counts. Ratios are project / floor.");
        figure.note("Users cycle: once every spoke shows the login, the user is logged out and becomes free again, so "
                + "each login also causes a logout event; " + fleet.size() + " users and phones at the origin.");
        figure.note("Visible = the first batch lookup (POST /api/v1/directory/lookup) at that spoke whose answer shows the "
                + "login, timed at the answer's arrival; each spoke is polled every " + POLL_PERIOD.toMillis()
                + " ms (or as soon as the previous answer came, if later).");
        figure.note("Floor: producer (acks=all, linger.ms=1) -> relay -> relay -> consumer on the same broker, the relays "
                + "read_committed and transactional (one transaction per poll, offsets included), as the hubs.");
        runs.stream().filter(r -> r.rate == 500).findFirst().ifPresentOrElse(run -> {
            double p99 = run.everywhere.summary().p99();
            double floorP99 = floors.get(500).latencies().summary().p99();
            figure.target(TargetCheck.of(TARGET_P99, ReportWriter.format(p99) + " ms", p99 <= 100));
            figure.target(TargetCheck.of(TARGET_FLOOR, ReportWriter.format(p99) + " ms vs floor "
                    + ReportWriter.format(floorP99) + " ms (" + ReportWriter.format(p99 / floorP99) + "x)", p99 <= 2 * floorP99));
        }, () -> {
            figure.target(TargetCheck.notMeasured(TARGET_P99));
            figure.target(TargetCheck.notMeasured(TARGET_FLOOR));
        });
        return figure.build();
    }

    /** One rate: its latencies, from the schedule's start to the last login seen everywhere. */
    private final class RateRun {
        final int rate;
        final Latencies login = new Latencies();
        final Latencies everywhere = new Latencies();
        final Latencies ackToEverywhere = new Latencies();
        final Map<String, Latencies> perObserver = new LinkedHashMap<>();
        final Map<Integer, AtomicLong> errorsByStatus = new ConcurrentSkipListMap<>();
        /** The first answer of each failing status, to say why. */
        final Map<Integer, String> errorSamples = new ConcurrentSkipListMap<>();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong lastAckNanos = new AtomicLong();
        long startNanos;
        long unseen;

        RateRun(int rate) {
            this.rate = rate;
            observers.keySet().forEach(cluster -> perObserver.put(cluster, new Latencies()));
        }

        void error(int status, String answer) {
            errorsByStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            errorSamples.putIfAbsent(status, answer);
        }

        /** "0", or e.g. "12 (503: 12)"; status 0 is a connection failure. */
        String errors() {
            long total = errorsByStatus.values().stream().mapToLong(AtomicLong::get).sum();
            if (total == 0) {
                return "0";
            }
            StringBuilder text = new StringBuilder().append(total).append(" (");
            errorsByStatus.forEach((status, count) ->
                    text.append(status == 0 ? "io" : status).append(": ").append(count.get()).append(' '));
            return text.toString().strip() + ")";
        }

        double achieved() {
            double seconds = Math.max(plan.lagDuration().toNanos(), lastAckNanos.get() - startNanos) / 1e9;
            return acked.get() / seconds;
        }
    }

    /** A login on its way: due at {@code dueNanos}, shown by a spoke once its DN is LOGGED_IN since then. */
    private static final class Pending {
        final int user;
        final long dueNanos;
        final long notBeforeMillis;
        private final boolean[] seen;
        private int seenCount;
        private long ackNanos;
        private long everywhereNanos;

        Pending(int user, long dueNanos, long notBeforeMillis, int observers) {
            this.user = user;
            this.dueNanos = dueNanos;
            this.notBeforeMillis = notBeforeMillis;
            this.seen = new boolean[observers];
        }

        synchronized boolean seenBy(int observer) {
            return seen[observer];
        }

        /** True if this is the first time this observer shows it. */
        synchronized boolean see(int observer, long now) {
            if (seen[observer]) {
                return false;
            }
            seen[observer] = true;
            if (++seenCount == seen.length) {
                everywhereNanos = now;
            }
            return true;
        }

        synchronized boolean seenEverywhere() {
            return seenCount == seen.length;
        }

        /** Records answer → everywhere once both are known (a spoke may show the login before its answer arrives). */
        synchronized void acked(long now, Latencies ackToEverywhere) {
            ackNanos = now;
            if (everywhereNanos != 0) {
                ackToEverywhere.recordNanos(everywhereNanos - ackNanos);
            }
        }

        synchronized void everywhere(Latencies ackToEverywhere) {
            if (ackNanos != 0) {
                ackToEverywhere.recordNanos(everywhereNanos - ackNanos);
            }
        }
    }

    private RateRun runRate(int rate, Duration duration) throws InterruptedException {
        RateRun run = new RateRun(rate);
        BlockingQueue<Integer> free = new LinkedBlockingQueue<>(IntStream.range(0, fleet.size()).boxed().toList());
        BlockingQueue<Integer> toLogOut = new LinkedBlockingQueue<>();
        Map<String, Pending> pending = new ConcurrentHashMap<>();
        AtomicBoolean stopPolling = new AtomicBoolean();
        AtomicBoolean stopLogouts = new AtomicBoolean();
        List<String> observerIds = List.copyOf(observers.keySet());
        ExecutorService logins = Executors.newFixedThreadPool(LOGIN_THREADS, daemon("bench-login"));
        List<Thread> helpers = new ArrayList<>();
        try (ThreadConnections origin = new ThreadConnections(originUrl, null)) {
            for (int k = 0; k < observerIds.size(); k++) {
                int observer = k;
                helpers.add(start("bench-poll-" + observerIds.get(k), () -> poll(run, observer, observerIds.get(observer),
                        pending, toLogOut, stopPolling)));
            }
            for (int k = 0; k < LOGOUT_THREADS; k++) {
                helpers.add(start("bench-logout-" + k, () -> logOut(origin, free, toLogOut, stopLogouts)));
            }
            run.startNanos = System.nanoTime();
            new FixedRateScheduler().run(rate, duration, due -> logins.execute(() -> logIn(run, origin.get(), due, free,
                    toLogOut, pending)));
            logins.shutdown();
            if (!logins.awaitTermination(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                logins.shutdownNow();
            }
            long giveUp = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            stopPolling.set(true);
            long now = System.nanoTime();
            for (Pending p : pending.values()) {
                run.everywhere.recordNanos(now - p.dueNanos);
                run.unseen++;
                toLogOut.add(p.user);
            }
            long settled = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (free.size() < fleet.size() && System.nanoTime() < settled) {
                Thread.sleep(10);
            }
            stopLogouts.set(true);
            for (Thread helper : helpers) {
                helper.join(10_000);
            }
        } finally {
            logins.shutdownNow();
            stopPolling.set(true);
            stopLogouts.set(true);
        }
        return run;
    }

    private void logIn(RateRun run, Http1Connection origin, long due, BlockingQueue<Integer> free,
                       BlockingQueue<Integer> toLogOut, Map<String, Pending> pending) {
        int user;
        try {
            user = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String dn = fleet.dn(user);
        // Its phone was logged out before it became free, so a LOGGED_IN since now is this login.
        Pending login = new Pending(user, due, System.currentTimeMillis(), observers.size());
        pending.put(dn, login);
        int status;
        String answer;
        try {
            Http1Connection.Response response = origin.post("/api/v1/em/login", fleet.loginBody(user));
            status = response.status();
            answer = response.text();
        } catch (UncheckedIOException e) {
            status = 0;
            answer = e.getMessage();
        }
        long now = System.nanoTime();
        if (status == 200) {
            run.login.recordNanos(now - due);
            run.acked.incrementAndGet();
            run.lastAckNanos.accumulateAndGet(now, Math::max);
            login.acked(now, run.ackToEverywhere);
        } else {
            run.error(status, answer);
            pending.remove(dn);
            toLogOut.add(user);
        }
    }

    private void poll(RateRun run, int observer, String cluster, Map<String, Pending> pending,
                      BlockingQueue<Integer> toLogOut, AtomicBoolean stop) {
        Latencies latencies = run.perObserver.get(cluster);
        try (Http1Connection http = new Http1Connection(observers.get(cluster), null)) {
            for (long round = System.nanoTime(); !stop.get(); round = pace(round)) {
                List<Integer> awaited = pending.values().stream().filter(p -> !p.seenBy(observer)).limit(LOOKUP_BATCH)
                        .map(p -> p.user).toList();
                if (awaited.isEmpty()) {
                    continue;
                }
                Http1Connection.Response answer;
                try {
                    answer = http.post("/api/v1/directory/lookup", fleet.lookupBody(awaited));
                } catch (UncheckedIOException e) {
                    continue;
                }
                long now = System.nanoTime();
                if (!answer.isOk()) {
                    continue;
                }
                for (JsonNode result : parse(answer).path("results")) {
                    Pending p = pending.get(result.path("dn").asText());
                    if (p != null && "LOGGED_IN".equals(result.path("state").asText())
                            && Instant.parse(result.path("since").asText()).toEpochMilli() >= p.notBeforeMillis
                            && p.see(observer, now)) {
                        latencies.recordNanos(now - p.dueNanos);
                        if (p.seenEverywhere() && pending.remove(fleet.dn(p.user), p)) {
                            run.everywhere.recordNanos(now - p.dueNanos);
                            p.everywhere(run.ackToEverywhere);
                            toLogOut.add(p.user);
                        }
                    }
                }
            }
        }
    }

    private void logOut(ThreadConnections origin, BlockingQueue<Integer> free, BlockingQueue<Integer> toLogOut,
                        AtomicBoolean stop) {
        Http1Connection http = origin.get();
        while (!stop.get()) {
            Integer user;
            try {
                user = toLogOut.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (user == null) {
                continue;
            }
            try {
                // 409 (no user logged in) after a failed login is fine: the phone is free either way.
                http.post("/api/v1/em/logout", fleet.logoutBody(user));
            } catch (UncheckedIOException e) {
                // the next login on this phone will say so, and log it out again
            }
            free.add(user);
        }
    }

    private static JsonNode parse(Http1Connection.Response answer) {
        try {
            return JsonHttp.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sleeps out the rest of a poll period; returns the next period's start. */
    private static long pace(long roundStart) {
        long next = roundStart + POLL_PERIOD.toNanos();
        long left = next - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(left);
            return next;
        }
        return System.nanoTime();
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return body -> {
            Thread thread = new Thread(body, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
