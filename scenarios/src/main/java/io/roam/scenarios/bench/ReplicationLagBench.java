package io.roam.scenarios.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Figure 1: logins accepted at one spoke, until they are visible in the DN projection of every
 * other spoke. Logins come at a fixed rate, each of a free user on its own phone; latency counts
 * from the login's due time. Every other spoke is polled with batch lookups of the DNs still
 * awaited; the first answer that shows the login is when it became visible there (an upper
 * bound, a poll's round trip late at most). Once every spoke has seen it, the user is logged out
 * and may log in again. The same rates then run on the Kafka floor and on a broker-less peer
 * (Kamailio's dmq_usrloc).
 */
final class ReplicationLagBench {

    static final String ID = "lag";
    static final String TITLE = "1. Replication lag: login accepted at one spoke, visible at every other spoke";
    static final String TARGET_P99 = "lag p99 at 500/s <= 100 ms";
    static final String TARGET_FLOOR = "lag p99 at 500/s <= 2x floor";
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private static final int LOGIN_THREADS = 48;
    private static final int LOGOUT_THREADS = 8;
    private static final int LOOKUP_BATCH = 1000;
    /** Warms the spokes (JIT, caches) at a rate where there is work to warm, whatever rate comes first. */
    private static final int WARMUP_RATE = 100;

    private final BenchPlan plan;
    private final BenchFleet fleet;
    private final String originUrl;
    private final Map<String, String> observers;
    private final String bootstrapServers;
    private final Path peerDirectory;
    private final Progress progress;

    /**
     * @param observers     every other spoke: cluster id → base URL
     * @param peerDirectory where the peer's nodes keep their configurations and logs
     */
    ReplicationLagBench(BenchPlan plan, BenchFleet fleet, String originUrl, Map<String, String> observers,
                        String bootstrapServers, Path peerDirectory, Progress progress) {
        this.plan = plan;
        this.fleet = fleet;
        this.originUrl = originUrl;
        this.observers = new LinkedHashMap<>(observers);
        this.bootstrapServers = bootstrapServers;
        this.peerDirectory = peerDirectory;
        this.progress = progress;
    }

    Figure run() throws InterruptedException {
        progress.say("lag: warming up at " + WARMUP_RATE + " logins/s");
        runRate(WARMUP_RATE, plan.lagWarmup());
        List<LagRun> runs = new ArrayList<>();
        for (int rate : plan.lagRates()) {
            PollPeriod poll = PollPeriod.forLogins(rate);
            progress.say("lag: " + rate + " logins/s for " + plan.lagDurationAt(rate).toSeconds() + " s, spokes polled every "
                    + poll.label());
            runs.add(runRate(rate, plan.lagDurationAt(rate)));
        }
        KafkaFloor floor = new KafkaFloor(bootstrapServers);
        Map<Integer, KafkaFloor.Result> floors = new LinkedHashMap<>();
        for (int rate : plan.lagRates()) {
            progress.say("lag floor: " + rate + " records/s for " + plan.lagDurationAt(rate).toSeconds() + " s");
            floors.put(rate, floor.run(rate, plan.lagWarmup(), plan.lagDurationAt(rate)));
        }
        PeerLag peer = PeerLag.measure(plan, WARMUP_RATE, peerDirectory, progress);
        return LagFigure.build(runs, floors, peer, fleet.size());
    }

    private LagRun runRate(int rate, Duration duration) throws InterruptedException {
        LagRun run = new LagRun(rate, PollPeriod.forLogins(rate), duration, observers.keySet());
        BlockingQueue<Integer> free = new LinkedBlockingQueue<>(IntStream.range(0, fleet.size()).boxed().toList());
        BlockingQueue<Integer> toLogOut = new LinkedBlockingQueue<>();
        Map<String, PendingLogin> pending = new ConcurrentHashMap<>();
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
            for (PendingLogin p : pending.values()) {
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

    private void logIn(LagRun run, Http1Connection origin, long due, BlockingQueue<Integer> free,
                       BlockingQueue<Integer> toLogOut, Map<String, PendingLogin> pending) {
        int user;
        try {
            user = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String dn = fleet.dn(user);
        // Its phone was logged out before it became free, so a LOGGED_IN since now is this login.
        PendingLogin login = new PendingLogin(user, due, System.currentTimeMillis(), observers.size());
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

    private void poll(LagRun run, int observer, String cluster, Map<String, PendingLogin> pending,
                      BlockingQueue<Integer> toLogOut, AtomicBoolean stop) {
        Latencies latencies = run.perObserver.get(cluster);
        try (Http1Connection http = new Http1Connection(observers.get(cluster), null)) {
            for (long round = System.nanoTime(); !stop.get(); round = run.poll.pace(round)) {
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
                    PendingLogin p = pending.get(result.path("dn").asText());
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
