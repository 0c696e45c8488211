package io.roam.scenarios.chaos;

import io.roam.scenarios.topology.Node;
import io.roam.scenarios.topology.RunningTopology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Faults at random intervals (4-12 s), drawn from a seeded random: kill -9 of a spoke, of a hub or of
 * the broker, each started again 2-8 s later, or SIGSTOP of any process for 1-5 s. Kinds are dealt
 * from a shuffled deck so a short run still sees each of them. Recoveries run in the background, so
 * faults overlap: at most one spoke, one hub and the broker are down at once (a restart can take a
 * minute on a loaded machine), while any process that is up may be frozen meanwhile. A node is not
 * touched again until it has recovered.
 */
final class Nemesis {

    public enum FaultKind { SPOKE_KILL, HUB_KILL, BROKER_KILL, PAUSE }

    /**
     * One fault and its recovery; times in milliseconds from the start of the run.
     *
     * @param outageMillis   how long the node was meant to stay down or frozen
     * @param recoveredAt    when the node was back (healthy after a kill, thawed after a pause); null if never
     * @param restartMillis  how long its start took until healthy, after a kill
     * @param recoveredBy    "nemesis", or "heal" when the run ended first
     * @param error          why the recovery failed
     */
    public record Fault(int number, FaultKind kind, String node, long atMillis, long outageMillis, Long recoveredAt,
                        Long restartMillis, String recoveredBy, String error) {
    }

    /**
     * Up to three restarts (one per kind of kill, each waiting for health) and the thaws of
     * overlapping freezes, none waiting for another.
     */
    private static final int RECOVERY_THREADS = 6;

    private final RunningTopology topology;
    private final Random random;
    private final List<FaultKind> kinds;
    private final long runStartNanos;
    private final Consumer<String> progress;
    private final Deque<FaultKind> deck = new ArrayDeque<>();
    private final Set<String> disturbed = new HashSet<>();
    /** The kinds of kill whose node is still down. */
    private final Set<FaultKind> down = EnumSet.noneOf(FaultKind.class);
    private final List<Fault> faults = new ArrayList<>();
    private final ScheduledThreadPoolExecutor recoveries = new ScheduledThreadPoolExecutor(RECOVERY_THREADS,
            LoadGenerator.daemon("chaos-recovery"));
    /** Nodes whose recovery is running now; the heal leaves them to it. */
    private final Set<String> recovering = new HashSet<>();
    private final Thread loop = new Thread(this::run, "chaos-nemesis");
    private volatile boolean stopped;
    /** Set when the heal takes over: a recovery that has not begun yet leaves its node to the heal. */
    private boolean healing;

    Nemesis(RunningTopology topology, Random random, boolean brokerKills, long runStartNanos, Consumer<String> progress) {
        this.topology = topology;
        this.random = random;
        this.kinds = brokerKills ? List.of(FaultKind.values())
                : List.of(FaultKind.SPOKE_KILL, FaultKind.HUB_KILL, FaultKind.PAUSE);
        this.runStartNanos = runStartNanos;
        this.progress = progress;
        // Recoveries not yet due when the run ends are left to the heal.
        recoveries.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setDaemon(true);
    }

    void start() {
        loop.start();
    }

    /**
     * Ends the run's faults: no new ones, and recoveries not yet due are cancelled. Then the heal:
     * every frozen node thawed, every dead one started (the broker, then the hubs, then the spokes),
     * while restarts already under way finish on their own; they cannot be waited for first, since a
     * spoke restarting waits to be healthy, which needs the broker. Whatever those restarts left down
     * is healed after them. A node that will not start is reported and left.
     */
    void stopAndHeal() throws InterruptedException {
        stopped = true;
        loop.interrupt();
        loop.join();
        Set<String> underWay;
        synchronized (this) {
            healing = true;
            underWay = Set.copyOf(recovering);
        }
        recoveries.shutdown();
        heal(underWay);
        // A restart waits for health, which can take minutes on a loaded machine.
        if (!recoveries.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("a node's restart did not end within 10 minutes");
        }
        heal(Set.of());
    }

    private void heal(Set<String> leave) {
        for (Node node : topology.nodes()) {
            if (node.isPaused() && !leave.contains(node.name())) {
                topology.resume(node.name());
                healed(node.name(), null);
            }
        }
        for (Node.Kind kind : List.of(Node.Kind.BROKER, Node.Kind.HUB, Node.Kind.SPOKE)) {
            for (Node node : topology.nodes()) {
                if (node.kind() == kind && !node.isAlive() && !leave.contains(node.name())) {
                    long started = System.nanoTime();
                    try {
                        topology.start(node.name());
                        healed(node.name(), (System.nanoTime() - started) / 1_000_000);
                    } catch (RuntimeException e) {
                        // The wait for a quiet network reports it; the checks still read what they can.
                        progress.accept("heal could not start " + node.name() + ": " + firstLine(e));
                    }
                }
            }
        }
    }

    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(between(4_000, 12_000));
            } catch (InterruptedException e) {
                return;
            }
            strike();
        }
    }

    private void strike() {
        Fault fault = choose();
        if (fault == null) {
            return;
        }
        try {
            switch (fault.kind()) {
                case PAUSE -> topology.pause(fault.node());
                default -> topology.kill(fault.node());
            }
        } catch (RuntimeException e) {
            failed(fault, e);
            return;
        }
        progress.accept("%s %s, back in %.1f s".formatted(fault.kind() == FaultKind.PAUSE ? "SIGSTOP" : "kill -9",
                fault.node(), fault.outageMillis() / 1000.0));
        recoveries.schedule(() -> recover(fault), fault.outageMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized Fault choose() {
        for (int attempt = 0; attempt < kinds.size(); attempt++) {
            FaultKind kind = deal();
            if (down.contains(kind)) {
                continue;
            }
            List<String> candidates = topology.nodes().stream()
                    .filter(node -> strikes(kind, node.kind()))
                    .filter(node -> node.isAlive() && !node.isPaused() && !disturbed.contains(node.name()))
                    .map(Node::name)
                    .toList();
            if (!candidates.isEmpty()) {
                String node = candidates.get(random.nextInt(candidates.size()));
                long outage = kind == FaultKind.PAUSE ? between(1_000, 5_000) : between(2_000, 8_000);
                Fault fault = new Fault(faults.size() + 1, kind, node, sinceStart(System.nanoTime()), outage, null, null,
                        null, null);
                faults.add(fault);
                disturbed.add(node);
                if (kind != FaultKind.PAUSE) {
                    down.add(kind);
                }
                return fault;
            }
        }
        return null;
    }

    private FaultKind deal() {
        if (deck.isEmpty()) {
            List<FaultKind> shuffled = new ArrayList<>(kinds);
            Collections.shuffle(shuffled, random);
            deck.addAll(shuffled);
        }
        return deck.poll();
    }

    private static boolean strikes(FaultKind fault, Node.Kind node) {
        return switch (fault) {
            case SPOKE_KILL -> node == Node.Kind.SPOKE;
            case HUB_KILL -> node == Node.Kind.HUB;
            case BROKER_KILL -> node == Node.Kind.BROKER;
            case PAUSE -> true;
        };
    }

    private void recover(Fault fault) {
        synchronized (this) {
            if (healing) {
                return;
            }
            recovering.add(fault.node());
        }
        long started = System.nanoTime();
        try {
            if (fault.kind() == FaultKind.PAUSE) {
                topology.resume(fault.node());
                update(fault, sinceStart(System.nanoTime()), null, "nemesis", null);
                progress.accept("SIGCONT " + fault.node());
            } else {
                topology.start(fault.node());
                long restart = (System.nanoTime() - started) / 1_000_000;
                update(fault, sinceStart(System.nanoTime()), restart, "nemesis", null);
                progress.accept("%s back, healthy %.1f s after its start".formatted(fault.node(), restart / 1000.0));
            }
        } catch (RuntimeException e) {
            failed(fault, e);
            return;
        }
        release(fault);
    }

    /** A fault that could not be dealt or undone: recorded, and the node left to the heal. */
    private void failed(Fault fault, RuntimeException e) {
        String reason = firstLine(e);
        update(fault, null, null, null, reason);
        progress.accept(fault.node() + ": " + fault.kind() + " failed: " + reason);
        release(fault);
    }

    /** Start failures carry the node's log tail: the first line says what happened. */
    private static String firstLine(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    }

    private synchronized void release(Fault fault) {
        disturbed.remove(fault.node());
        down.remove(fault.kind());
        recovering.remove(fault.node());
    }

    private synchronized void update(Fault fault, Long recoveredAt, Long restartMillis, String by, String error) {
        faults.set(fault.number() - 1, new Fault(fault.number(), fault.kind(), fault.node(), fault.atMillis(),
                fault.outageMillis(), recoveredAt, restartMillis, by, error));
    }

    /** The heal brought {@code node} back: the fault that took it down ends now. */
    private synchronized void healed(String node, Long restartMillis) {
        for (Fault fault : List.copyOf(faults)) {
            if (fault.node().equals(node) && fault.recoveredAt() == null) {
                update(fault, sinceStart(System.nanoTime()), restartMillis, "heal", fault.error());
            }
        }
    }

    /** Only the nemesis thread draws, so the seed alone decides the sequence of draws. */
    private long between(int fromMillis, int toMillis) {
        return fromMillis + random.nextInt(toMillis - fromMillis + 1);
    }

    private long sinceStart(long nanos) {
        return (nanos - runStartNanos) / 1_000_000;
    }
}
