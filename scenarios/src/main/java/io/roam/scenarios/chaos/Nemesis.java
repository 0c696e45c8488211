package io.roam.scenarios.chaos;

import io.roam.events.TopicPolicy;
import io.roam.scenarios.broker.ClusterProbe;
import io.roam.scenarios.broker.KafkaBroker;
import io.roam.scenarios.topology.Node;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.time.Duration;
import java.util.Arrays;
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
 *
 * <p>On a cluster of three brokers the broker faults are those of Kafka's own replication tests,
 * one broker at a time: kill -9 of the leader of a spoke's outbound topic or of the active
 * controller, a broker frozen past its session timeout, and a rolling restart of all three. A broker
 * fault ends only once every replica is in sync again, so the next one never finds a partition
 * below its minimum of in-sync replicas; the generic freeze then spares the brokers.
 */
final class Nemesis {

    public enum FaultKind {
        SPOKE_KILL, HUB_KILL, BROKER_KILL, PAUSE, LEADER_KILL, CONTROLLER_KILL, BROKER_FREEZE, ROLLING_RESTART;

        /** One broker of a cluster at a time. */
        boolean onClusterBroker() {
            return compareTo(LEADER_KILL) >= 0;
        }

        boolean strikesBroker() {
            return this == BROKER_KILL || onClusterBroker();
        }

        /** Faults of one slot never overlap: one spoke, one hub, one broker down at a time. */
        private String slot() {
            return switch (this) {
                case SPOKE_KILL -> "spoke";
                case HUB_KILL -> "hub";
                case PAUSE -> null;
                default -> "broker";
            };
        }
    }

    /** How long a cluster may take to bring every replica back in sync after a broker fault. */
    private static final Duration IN_SYNC_TIMEOUT = Duration.ofMinutes(2);

    /**
     * One fault and its recovery; times in milliseconds from the start of the run.
     *
     * @param outageMillis   how long the node was meant to stay down or frozen
     * @param recoveredAt    when the node was back (healthy after a kill, thawed after a pause; a cluster's
     *                       broker once every replica was in sync again); null if never
     * @param restartMillis  how long its start took until healthy (and in sync), after a kill or a rolling restart
     * @param recoveredBy    "nemesis", or "heal" when the run ended first
     * @param error          why the recovery failed
     */
    public record Fault(int number, FaultKind kind, String node, long atMillis, long outageMillis, Long recoveredAt,
                        Long restartMillis, String recoveredBy, String error) {

        /** A rolling restart strikes every broker: their names joined by {@code +}. */
        List<String> nodes() {
            return List.of(node.split("\\+"));
        }
    }

    /**
     * Up to three restarts (one per kind of kill, each waiting for health) and the thaws of
     * overlapping freezes, none waiting for another.
     */
    private static final int RECOVERY_THREADS = 6;

    private final RunningTopology topology;
    /** Null on a single broker. */
    private final ClusterProbe cluster;
    private final Random random;
    private final List<FaultKind> kinds;
    private final long runStartNanos;
    private final Consumer<String> progress;
    private final Deque<FaultKind> deck = new ArrayDeque<>();
    private final Set<String> disturbed = new HashSet<>();
    /** The slots whose fault is not over yet. */
    private final Set<String> busySlots = new HashSet<>();
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
        this.cluster = topology.topology().brokers().size() > 1 ? new ClusterProbe(topology.kafkaAdminConfig()) : null;
        this.random = random;
        this.kinds = Arrays.stream(FaultKind.values())
                .filter(kind -> !kind.strikesBroker() || brokerKills && kind.onClusterBroker() == (cluster != null))
                .toList();
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
        if (cluster != null) {
            cluster.close();
        }
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
        if (fault.kind() == FaultKind.ROLLING_RESTART) {
            progress.accept("rolling restart of " + fault.node());
            recoveries.execute(() -> recover(fault));
            return;
        }
        try {
            if (freezes(fault.kind())) {
                topology.pause(fault.node());
            } else {
                topology.kill(fault.node());
            }
        } catch (RuntimeException e) {
            failed(fault, e);
            return;
        }
        progress.accept("%s %s%s, back in %.1f s".formatted(freezes(fault.kind()) ? "SIGSTOP" : "kill -9", fault.node(),
                switch (fault.kind()) {
                    case LEADER_KILL -> " (a partition leader)";
                    case CONTROLLER_KILL -> " (the active controller)";
                    default -> "";
                }, fault.outageMillis() / 1000.0));
        recoveries.schedule(() -> recover(fault), fault.outageMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean freezes(FaultKind kind) {
        return kind == FaultKind.PAUSE || kind == FaultKind.BROKER_FREEZE;
    }

    private synchronized Fault choose() {
        for (int attempt = 0; attempt < kinds.size(); attempt++) {
            FaultKind kind = deal();
            if (busySlots.contains(kind.slot())) {
                continue;
            }
            List<String> candidates = topology.nodes().stream()
                    .filter(node -> strikes(kind, node.kind()))
                    .filter(node -> node.isAlive() && !node.isPaused() && !disturbed.contains(node.name()))
                    .map(Node::name)
                    .toList();
            if (candidates.isEmpty()) {
                continue;
            }
            List<String> targets = targets(kind, candidates);
            if (targets.isEmpty()) {
                continue;
            }
            Fault fault = new Fault(faults.size() + 1, kind, String.join("+", targets), sinceStart(System.nanoTime()),
                    outage(kind), null, null, null, null);
            faults.add(fault);
            disturbed.addAll(targets);
            if (kind.slot() != null) {
                busySlots.add(kind.slot());
            }
            return fault;
        }
        return null;
    }

    /** The nodes the fault strikes, among the candidates; none if the one it must strike is not among them. */
    private List<String> targets(FaultKind kind, List<String> candidates) {
        List<String> brokers = topology.topology().brokers().stream().map(Topology.Broker::name).toList();
        try {
            return switch (kind) {
                case LEADER_KILL -> {
                    List<String> clusters = topology.clusterIds();
                    String outbound = TopicPolicy.spokeOutbound(clusters.get(random.nextInt(clusters.size())));
                    yield onlyIfCandidate(brokerNamed(cluster.leaderOf(outbound)), candidates);
                }
                case CONTROLLER_KILL -> onlyIfCandidate(brokerNamed(cluster.activeController()), candidates);
                case ROLLING_RESTART -> candidates.containsAll(brokers) ? brokers : List.of();
                default -> List.of(candidates.get(random.nextInt(candidates.size())));
            };
        } catch (IllegalStateException e) {
            progress.accept(kind + " skipped: " + firstLine(e));
            return List.of();
        }
    }

    private String brokerNamed(int nodeId) {
        return topology.topology().brokers().stream().filter(broker -> broker.nodeId() == nodeId)
                .map(Topology.Broker::name).findFirst()
                .orElseThrow(() -> new IllegalStateException("no broker with node id " + nodeId));
    }

    private static List<String> onlyIfCandidate(String node, List<String> candidates) {
        return candidates.contains(node) ? List.of(node) : List.of();
    }

    /** How long the node stays down or frozen; a broker's freeze outlasts its session, so the cluster fences it. */
    private long outage(FaultKind kind) {
        long session = KafkaBroker.SESSION_TIMEOUT.toMillis();
        return switch (kind) {
            case PAUSE -> between(1_000, 5_000);
            case BROKER_FREEZE -> between((int) session + 2_000, (int) session + 8_000);
            case ROLLING_RESTART -> 0;
            default -> between(2_000, 8_000);
        };
    }

    private FaultKind deal() {
        if (deck.isEmpty()) {
            List<FaultKind> shuffled = new ArrayList<>(kinds);
            Collections.shuffle(shuffled, random);
            deck.addAll(shuffled);
        }
        return deck.poll();
    }

    private boolean strikes(FaultKind fault, Node.Kind node) {
        return switch (fault) {
            case SPOKE_KILL -> node == Node.Kind.SPOKE;
            case HUB_KILL -> node == Node.Kind.HUB;
            case PAUSE -> cluster == null || node != Node.Kind.BROKER;
            default -> node == Node.Kind.BROKER;
        };
    }

    private void recover(Fault fault) {
        synchronized (this) {
            if (healing) {
                return;
            }
            recovering.addAll(fault.nodes());
        }
        long started = System.nanoTime();
        try {
            if (fault.kind() == FaultKind.ROLLING_RESTART) {
                restartOneByOne(fault.nodes());
            } else if (freezes(fault.kind())) {
                topology.resume(fault.node());
                progress.accept("SIGCONT " + fault.node());
            } else {
                topology.start(fault.node());
                progress.accept("%s back, healthy %.1f s after its start".formatted(fault.node(),
                        (System.nanoTime() - started) / 1e9));
            }
            if (fault.kind().onClusterBroker()) {
                cluster.awaitInSync(IN_SYNC_TIMEOUT);
                progress.accept("every replica in sync again after " + fault.kind() + " of " + fault.node());
            }
            Long restart = freezes(fault.kind()) ? null : (System.nanoTime() - started) / 1_000_000;
            update(fault, sinceStart(System.nanoTime()), restart, "nemesis", null);
        } catch (RuntimeException e) {
            failed(fault, e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(fault, new IllegalStateException("interrupted", e));
            return;
        }
        release(fault);
    }

    /** A graceful stop and start of each broker in turn, the next only once every replica is in sync. */
    private void restartOneByOne(List<String> brokers) throws InterruptedException {
        for (String broker : brokers) {
            cluster.awaitInSync(IN_SYNC_TIMEOUT);
            topology.stop(broker);
            topology.start(broker);
            progress.accept("rolling restart: " + broker + " back");
        }
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
        fault.nodes().forEach(disturbed::remove);
        busySlots.remove(fault.kind().slot());
        fault.nodes().forEach(recovering::remove);
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
