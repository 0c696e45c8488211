package io.roam.scenarios.chaos;

import io.roam.scenarios.client.SpokeClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * EM traffic at a fixed rate across every cluster: a login of a random superuser on a free phone of
 * a random live cluster, or a logout of a phone that holds someone. Each answer goes to the model.
 * A phone has at most one call in flight, so its answers arrive in the order of its calls; a slow
 * call (a frozen spoke) delays only its own phone, not the rate.
 */
final class LoadGenerator {

    /** Calls in flight at most: the rate times the HTTP timeout, with room to spare. */
    private static final int WORKERS = 64;

    private final Fleet fleet;
    private final RoamingModel model;
    private final Map<String, SpokeClient> spokes;
    private final Predicate<String> clusterIsUp;
    private final Random random;
    private final double rate;
    private final EmCalls calls;
    private final Consumer<Operation> onAnswer;
    private final AtomicLong ids;
    private final List<Operation> operations = new ArrayList<>();
    private final Set<String> busyDevices = new HashSet<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemon("chaos-load"));
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, daemon("chaos-call"));
    private int skippedTicks;

    /**
     * @param spokes      a client per cluster, with the HTTP timeout after which a call is indeterminate
     * @param clusterIsUp whether a cluster's process runs (a frozen one counts: its calls wait)
     * @param onAnswer    told of every answered call, e.g. to log it
     * @param ids         numbers the calls, shared with any other calls recorded in the same model
     */
    LoadGenerator(Fleet fleet, RoamingModel model, Map<String, SpokeClient> spokes, Predicate<String> clusterIsUp,
                  Random random, double rate, EmCalls calls, Consumer<Operation> onAnswer, AtomicLong ids) {
        if (rate <= 0) {
            throw new IllegalArgumentException("the rate must be positive, not " + rate);
        }
        this.fleet = fleet;
        this.model = model;
        this.spokes = Map.copyOf(spokes);
        this.clusterIsUp = clusterIsUp;
        this.random = random;
        this.rate = rate;
        this.calls = calls;
        this.onAnswer = onAnswer;
        this.ids = ids;
    }

    void start() {
        long periodMicros = Math.max(1, Math.round(1_000_000 / rate));
        ticks.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** Stops issuing calls and waits for those in flight (each bounded by the HTTP timeout). */
    void stop(Duration callTimeout) throws InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        workers.shutdown();
        if (!workers.awaitTermination(callTimeout.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("calls still in flight " + callTimeout.multipliedBy(3) + " after the load stopped");
        }
    }

    synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** Ticks with nothing to do: no live cluster, or every phone of the chosen one busy. */
    synchronized int skippedTicks() {
        return skippedTicks;
    }

    private void tick() {
        Runnable call = nextCall();
        if (call == null) {
            return;
        }
        workers.execute(call);
    }

    private synchronized Runnable nextCall() {
        List<String> live = fleet.clusterIds().stream().filter(clusterIsUp).toList();
        if (live.isEmpty()) {
            skippedTicks++;
            return null;
        }
        String cluster = live.get(random.nextInt(live.size()));
        List<String> free = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        for (String device : fleet.devices().get(cluster)) {
            if (!busyDevices.contains(device)) {
                (model.belief(device).state() == RoamingModel.Belief.State.FREE ? free : taken).add(device);
            }
        }
        boolean login = !free.isEmpty() && (taken.isEmpty() || random.nextBoolean());
        if (!login && taken.isEmpty()) {
            skippedTicks++;
            return null;
        }
        long id = ids.incrementAndGet();
        SpokeClient spoke = spokes.get(cluster);
        if (login) {
            String device = free.get(random.nextInt(free.size()));
            String user = fleet.members().get(random.nextInt(fleet.members().size())).userId();
            busyDevices.add(device);
            return () -> answered(device, calls.login(id, spoke, cluster, device, user));
        }
        String device = taken.get(random.nextInt(taken.size()));
        busyDevices.add(device);
        return () -> answered(device, calls.logout(id, spoke, cluster, device));
    }

    private void answered(String device, Operation operation) {
        model.record(operation);
        synchronized (this) {
            operations.add(operation);
            busyDevices.remove(device);
        }
        onAnswer.accept(operation);
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
