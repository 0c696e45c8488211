package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.load.ChangeFollower;
import io.roam.scenarios.load.DaemonThreads;
import io.roam.scenarios.load.FixedRateScheduler;
import io.roam.scenarios.load.Http1Connection;
import io.roam.scenarios.load.Latencies;
import io.roam.scenarios.load.ThreadConnections;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Figure 1: logins accepted at one spoke, until they are visible in the DN projection of every
 * other spoke. Logins come at a fixed rate, each of a free user on its own phone; latency counts
 * from the login's due time. Every other spoke is followed through its change feed, as a call
 * router follows it; the change that shows the DN logged in is when the login became visible
 * there. Once every spoke has seen it, the user is logged out and may log in again. The same
 * rates then run on the Kafka floor and on a broker-less peer (Kamailio's dmq_usrloc).
 */
public final class ReplicationLagBench {

    public static final String ID = "lag";
    public static final String TITLE = "1. Replication lag: login accepted at one spoke, visible at every other spoke";
    public static final String TARGET_IDLE = "lag p50 at 1/s <= 3x floor p50 and <= 25 ms";
    public static final String TARGET_LOADED = "at 100/s offered: >= 99% achieved, answer to visible p99 <= 2x floor p99";
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private static final int LOGIN_THREADS = 48;
    private static final int LOGOUT_THREADS = 8;
    /** Warms the spokes (JIT, caches) at a rate where there is work to warm, whatever rate comes first. */
    private static final int WARMUP_RATE = 100;
    private static final String LOGGED_IN = "LOGGED_IN";
    private static final ChangeFollower.Listener IGNORE = (dn, reason, target, nanos) -> {
    };

    private final BenchPlan plan;
    private final BenchFleet fleet;
    private final String originUrl;
    private final Map<String, String> observers;
    private final String bootstrapServers;
    private final boolean transactionalRelays;
    private final Path peerDirectory;
    private final Progress progress;

    /**
     * @param observers     every other spoke: cluster id → base URL
     * @param transactionalRelays whether the floor's relays write in transactions, as the hubs do unless they
     *                      deliver at least once
     * @param peerDirectory where the peer's nodes keep their configurations and logs
     */
    public ReplicationLagBench(BenchPlan plan, BenchFleet fleet, String originUrl, Map<String, String> observers,
                        String bootstrapServers, boolean transactionalRelays, Path peerDirectory, Progress progress) {
        this.plan = plan;
        this.fleet = fleet;
        this.originUrl = originUrl;
        this.observers = new LinkedHashMap<>(observers);
        this.bootstrapServers = bootstrapServers;
        this.transactionalRelays = transactionalRelays;
        this.peerDirectory = peerDirectory;
        this.progress = progress;
    }

    public Figure run() throws InterruptedException {
        List<LagRun> runs = new ArrayList<>();
        Map<String, ChangeFollower> followers = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> observer : observers.entrySet()) {
                followers.put(observer.getKey(), new ChangeFollower(observer.getValue(), observer.getKey()));
            }
            for (ChangeFollower follower : followers.values()) {
                follower.awaitSnapshot(DRAIN_TIMEOUT);
            }
            progress.say("lag: warming up at " + WARMUP_RATE + " logins/s");
            runRate(WARMUP_RATE, plan.lagWarmup(), followers);
            for (int rate : plan.lagRates()) {
                progress.say("lag: " + rate + " logins/s for " + plan.lagDurationAt(rate).toSeconds()
                        + " s, every other spoke followed through its change feed");
                runs.add(runRate(rate, plan.lagDurationAt(rate), followers));
            }
        } finally {
            followers.values().forEach(ChangeFollower::close);
        }
        KafkaFloor floor = new KafkaFloor(bootstrapServers, transactionalRelays);
        Map<Integer, KafkaFloor.Result> floors = new LinkedHashMap<>();
        for (int rate : plan.lagRates()) {
            progress.say("lag floor: " + rate + " records/s for " + plan.lagDurationAt(rate).toSeconds() + " s");
            floors.put(rate, floor.run(rate, plan.lagWarmup(), plan.lagDurationAt(rate)));
        }
        PeerLag peer = PeerLag.measure(plan, WARMUP_RATE, peerDirectory, progress);
        return LagFigure.build(runs, floors, peer, fleet.size(), transactionalRelays);
    }

    private LagRun runRate(int rate, Duration duration, Map<String, ChangeFollower> followers)
            throws InterruptedException {
        awaitEveryoneLoggedOut(followers.values());
        LagRun run = new LagRun(rate, duration, observers.keySet());
        BlockingQueue<Integer> free = new LinkedBlockingQueue<>(IntStream.range(0, fleet.size()).boxed().toList());
        BlockingQueue<Integer> toLogOut = new LinkedBlockingQueue<>();
        Map<String, PendingLogin> pending = new ConcurrentHashMap<>();
        AtomicBoolean stopLogouts = new AtomicBoolean();
        ExecutorService logins = Executors.newFixedThreadPool(LOGIN_THREADS, DaemonThreads.named("bench-login"));
        List<Thread> helpers = new ArrayList<>();
        try (ThreadConnections origin = new ThreadConnections(originUrl, null)) {
            int observer = 0;
            for (Map.Entry<String, ChangeFollower> follower : followers.entrySet()) {
                follower.getValue().listen(seen(run, observer++, run.perObserver.get(follower.getKey()), pending, toLogOut));
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
            followers.values().forEach(follower -> follower.listen(IGNORE));
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
            followers.values().forEach(follower -> follower.listen(IGNORE));
            stopLogouts.set(true);
        }
        return run;
    }

    /**
     * A run starts with every user logged out at every spoke: a login the last run gave up on may
     * still arrive, and must not pass for one of this run's.
     */
    private void awaitEveryoneLoggedOut(Collection<ChangeFollower> followers) throws InterruptedException {
        long giveUp = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (IntStream.range(0, fleet.size()).anyMatch(user -> followers.stream()
                .anyMatch(follower -> LOGGED_IN.equals(follower.reason(fleet.dn(user)))))) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("users still logged in at some spoke " + DRAIN_TIMEOUT.toSeconds()
                        + " s after the last run");
            }
            Thread.sleep(10);
        }
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
        PendingLogin login = new PendingLogin(user, due, observers.size());
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

    /**
     * The first change at one spoke that shows an awaited user logged in. Its phone was logged out,
     * and every earlier login of the user seen everywhere, before the user became free, so a
     * LOGGED_IN from now on is this login's.
     */
    private ChangeFollower.Listener seen(LagRun run, int observer, Latencies latencies, Map<String, PendingLogin> pending,
                                         BlockingQueue<Integer> toLogOut) {
        return (dn, reason, target, now) -> {
            PendingLogin p = pending.get(dn);
            if (p != null && LOGGED_IN.equals(reason) && p.see(observer, now)) {
                latencies.recordNanos(now - p.dueNanos);
                if (p.seenEverywhere() && pending.remove(dn, p)) {
                    run.everywhere.recordNanos(now - p.dueNanos);
                    p.everywhere(run.ackToEverywhere);
                    toLogOut.add(p.user);
                }
            }
        };
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

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
