package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.simulation.Deliveries;
import io.roam.scenarios.simulation.SimulatedSpokes;
import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Figure 7: ILS supports 10 hubs x 20 spokes. Each shape gets a broker and real hub JVMs of its
 * own, launched as the topology launches them; its spokes are {@link SimulatedSpokes} in this JVM.
 * All but one cluster start at once and announce themselves; the last joins the running network.
 * Logins at a fixed rate are timed from their due time until one other cluster (drawn at random)
 * and every other cluster read them, and the broker's log end offsets give what each login cost
 * it in writes. The default topology's shape runs the same way first, for comparison, with the
 * Kafka floor at the same rates on the same broker beside its idle hubs.
 */
public final class ScaleBench {

    public static final String ID = "scale";
    public static final String TITLE = "7. Scale by simulation: a login read by other clusters (real hubs and broker, simulated spokes)";
    public static final String WRITES_ID = "scale-writes";
    public static final String WRITES_TITLE = "7b. Scale by simulation: broker writes per login";

    private static final Duration ANNOUNCEMENT_REPORT = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final BenchPlan plan;
    private final LaunchSettings settings;
    private final Path runDir;
    private final Progress progress;
    private final boolean transactionalHubs;

    /** @param transactionalHubs whether the hubs relay in transactions, and the floor's relays with them */
    public ScaleBench(BenchPlan plan, LaunchSettings settings, Path runDir, Progress progress, boolean transactionalHubs) {
        this.plan = plan;
        this.settings = settings;
        this.runDir = runDir;
        this.progress = progress;
        this.transactionalHubs = transactionalHubs;
    }

    /** The lag figure and the writes figure; a shape that fails is reported in both, and marks them failed. */
    public List<Figure> run() throws InterruptedException {
        List<ShapeRun> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (BenchPlan.Shape shape : plan.scaleShapes()) {
            try {
                runs.add(run(shape));
            } catch (RuntimeException | IOException e) {
                // The first line says what; the rest (a log tail) is in the run directory's logs.
                String what = e.toString().lines().findFirst().orElse(e.getClass().getName());
                String stopped = stoppedRelays(shapeDir(shape).resolve("logs"));
                progress.say("scale " + shape + " failed: " + what + stopped);
                failures.add(shape + " failed: " + what + stopped + " (logs in " + shapeDir(shape).resolve("logs") + ")");
            }
        }
        ScaleFigures figures = new ScaleFigures(runs, failures, transactionalHubs);
        return List.of(figures.lag(), figures.writes());
    }

    /**
     * The measurements of one shape.
     *
     * @param announced from the hubs holding their inputs until every founder read every other's announcement
     * @param floors    the Kafka floor by rate, measured on the default shape only
     */
    record ShapeRun(BenchPlan.Shape shape, Duration startup, Duration assigned, Duration announced, SimulatedSpokes.Join join,
                    BrokerWrites idle, double idleSeconds, Map<Integer, KafkaFloor.Result> floors, List<RateRun> rates,
                    long heartbeatsRead, long deadLetters, long undecodable, long sendErrors, int readers,
                    Map<String, Long> hubRetries) {

        double idlePerSecond() {
            return idle.total() / idleSeconds;
        }
    }

    record RateRun(int rate, Deliveries deliveries, WriteAmplification writes) {
    }

    private ShapeRun run(BenchPlan.Shape shape) throws IOException, InterruptedException {
        Topology full = Topology.withFreePorts(shape.hubs(), shape.spokesPerHub());
        // The hubs with their spoke lists, and no spoke processes: those are simulated here.
        Topology hubsOnly = new Topology(full.brokers(), full.hubs(), List.of());
        List<SimulatedSpokes.Cluster> clusters = full.spokes().stream()
                .map(s -> new SimulatedSpokes.Cluster(s.clusterId(), s.hubId(), s.routeString())).toList();
        List<SimulatedSpokes.Cluster> founders = clusters.subList(0, clusters.size() - 1);
        SimulatedSpokes.Cluster joiner = clusters.get(clusters.size() - 1);
        List<String> hubIds = full.hubs().stream().map(Topology.Hub::id).toList();
        Path dir = shapeDir(shape);
        progress.say("scale " + shape + ": starting a Kafka broker and " + shape.hubs() + " hub JVMs ("
                + String.join(" ", settings.hubJvmArgs()) + ")");
        try (RunningTopology topology = RunningTopology.start(hubsOnly, dir, settings);
             SimulatedSpokes spokes = new SimulatedSpokes(founders, joiner, hubIds, full.bootstrapServers());
             Admin admin = Admin.create(Map.of("bootstrap.servers", full.bootstrapServers()))) {
            Duration startup = topology.startupTime();
            // A hub is healthy before its consumer group first assigns it its inputs, which on a new
            // broker waits for the offsets topic to be created; announcements are timed from then on.
            Duration assigned = awaitActive(topology, hubIds);
            progress.say(String.format("scale %s: up in %.0f s, every hub holding its inputs %.0f s later; %d simulated "
                    + "clusters announce themselves", shape, startup.toMillis() / 1000.0, assigned.toMillis() / 1000.0,
                    founders.size()));
            long announcing = System.nanoTime();
            spokes.start();
            // As long as a node may take to be ready: 200 clusters' announcements and heartbeats are the hubs' first load.
            spokes.awaitAnnouncements(settings.readyTimeout(), ANNOUNCEMENT_REPORT,
                    line -> progress.say("scale " + shape + ": " + line));
            Duration announced = Duration.ofNanos(System.nanoTime() - announcing);
            progress.say("scale " + shape + ": every cluster read every announcement; " + joiner.id() + " joins");
            SimulatedSpokes.Join join = spokes.join(settings.readyTimeout());
            progress.say(String.format("scale %s: %s knew every other cluster %.2f s after it started, every other "
                    + "cluster knew it %.2f s after; %d s of heartbeats only", shape, joiner.id(), join.learned().toMillis() / 1000.0,
                    join.known().toMillis() / 1000.0, plan.scaleIdle().toSeconds()));
            Snapshot idleStart = snapshot(admin, spokes);
            Thread.sleep(plan.scaleIdle().toMillis());
            Snapshot idleEnd = snapshot(admin, spokes);
            BrokerWrites idle = BrokerWrites.between(idleStart.ends(), idleEnd.ends());
            double idleSeconds = idleEnd.secondsSince(idleStart);
            Map<Integer, KafkaFloor.Result> floors = new TreeMap<>();
            if (shape.equals(BenchPlan.Shape.DEFAULT)) {
                KafkaFloor floor = new KafkaFloor(full.bootstrapServers(), transactionalHubs);
                for (int rate : plan.scaleRates()) {
                    progress.say("scale " + shape + ": the Kafka floor at " + rate + " records/s beside the idle hubs");
                    floors.put(rate, floor.run(rate, plan.scaleWarmup(), plan.scaleDuration()));
                }
            }
            List<RateRun> rates = new ArrayList<>();
            for (int rate : plan.scaleRates()) {
                progress.say("scale " + shape + ": warming up at " + rate + " logins/s");
                spokes.logins(rate, plan.scaleWarmup());
                progress.say("scale " + shape + ": " + rate + " logins/s for " + plan.scaleDuration().toSeconds() + " s");
                Snapshot before = snapshot(admin, spokes);
                Deliveries deliveries = spokes.logins(rate, plan.scaleDuration());
                Snapshot after = snapshot(admin, spokes);
                // The clusters' own on their outbound topics, and the hubs' on their meshes and feeds.
                long heartbeatRecords = after.heartbeatRecords() - before.heartbeatRecords();
                rates.add(new RateRun(rate, deliveries, new WriteAmplification(deliveries.expected(),
                        after.secondsSince(before), BrokerWrites.between(before.ends(), after.ends()),
                        deliveries.copies(), heartbeatRecords, hubIds.size())));
            }
            Map<String, Long> retries = new TreeMap<>();
            for (String hub : hubIds) {
                countRetries(topology.node(hub).logFile(), retries);
            }
            return new ShapeRun(shape, startup, assigned, announced, join, idle, idleSeconds, floors, rates, spokes.heartbeatsRead(),
                    spokes.deadLetters(), spokes.undecodable(), spokes.sendErrors(), spokes.readers(), retries);
        } finally {
            deleteData(dir);
        }
    }

    /** The hubs whose relay stopped for good, and why, from their logs: a cause of a shape that never converges. */
    private static String stoppedRelays(Path logs) {
        String marker = "stopped for good: ";
        List<String> stopped = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith("hub-")).sorted().toList()) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                    lines.filter(line -> line.contains(marker)).findFirst().ifPresent(line -> stopped.add(
                            log.getFileName().toString().replace(".log", "") + " (" + line.substring(line.indexOf(marker)
                                    + marker.length()) + ")"));
                }
            }
        } catch (IOException e) {
            return "";
        }
        return stopped.isEmpty() ? "" : "; relays stopped for good: " + String.join(", ", stopped);
    }

    /** The broker's data, the hubs' working directories and everybody's logs. */
    private Path shapeDir(BenchPlan.Shape shape) {
        return runDir.resolve("scale-" + shape);
    }

    private Duration awaitActive(RunningTopology topology, List<String> hubIds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + settings.readyTimeout().toNanos();
        for (String hub : hubIds) {
            while (!"ACTIVE".equals(topology.hub(hub).status().text("role"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(hub + " was not assigned its inputs within " + settings.readyTimeout());
                }
                Thread.sleep(100);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private record Snapshot(long nanos, Map<TopicPartition, Long> ends, long heartbeatRecords) {

        double secondsSince(Snapshot earlier) {
            return (nanos - earlier.nanos) / 1e9;
        }
    }

    /** Timed when the offsets came back. */
    private static Snapshot snapshot(Admin admin, SimulatedSpokes spokes) throws InterruptedException {
        Map<TopicPartition, Long> ends = BrokerWrites.logEnds(admin, ADMIN_TIMEOUT);
        return new Snapshot(System.nanoTime(), ends, spokes.heartbeatsSent() + spokes.hubHeartbeatRecords());
    }

    /**
     * The hubs' producers retrying a send: CONCURRENT_TRANSACTIONS when a transaction starts while
     * the broker still writes the previous one's markers; each retry delays a whole batch.
     */
    private static void countRetries(Path hubLog, Map<String, Long> retries) throws IOException {
        if (!Files.exists(hubLog)) {
            return;
        }
        // Latin-1 reads any byte: a log line cut off mid-character must not fail the figure.
        try (Stream<String> lines = Files.lines(hubLog, StandardCharsets.ISO_8859_1)) {
            lines.filter(line -> line.contains("retrying")).forEach(line -> {
                int error = line.lastIndexOf("Error: ");
                if (error >= 0) {
                    retries.merge(line.substring(error + "Error: ".length()).strip(), 1L, Long::sum);
                }
            });
        }
    }

    /** The broker's log and the jar copies take room; the processes' logs stay. */
    private static void deleteData(Path dir) throws IOException {
        for (Path data : List.of(dir.resolve(Topology.BROKER), dir.resolve("jars"))) {
            DataTrees.delete(data);
        }
    }
}
