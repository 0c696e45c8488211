package io.roam.scenarios.bench;

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
 * Logins at a fixed rate are timed from their due time until one other cluster (drawn at random)
 * and every other cluster read them, and the broker's log end offsets give what each login cost
 * it in writes. The default topology's shape runs the same way first, for comparison.
 */
final class ScaleBench {

    static final String ID = "scale";
    static final String TITLE = "7. Scale by simulation: a login read by other clusters (real hubs and broker, simulated spokes)";
    static final String WRITES_ID = "scale-writes";
    static final String WRITES_TITLE = "7b. Scale by simulation: broker writes per login";

    private static final Duration ANNOUNCEMENT_REPORT = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final BenchPlan plan;
    private final LaunchSettings settings;
    private final Path runDir;
    private final Progress progress;

    ScaleBench(BenchPlan plan, LaunchSettings settings, Path runDir, Progress progress) {
        this.plan = plan;
        this.settings = settings;
        this.runDir = runDir;
        this.progress = progress;
    }

    /** The lag figure and the writes figure; a shape that fails is reported in both, and marks them failed. */
    List<Figure> run() throws InterruptedException {
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
        return List.of(lagFigure(runs, failures), writesFigure(runs, failures));
    }

    /** The measurements of one shape. */
    private record ShapeRun(BenchPlan.Shape shape, Duration startup, Duration assigned, Duration announced, BrokerWrites idle, double idleSeconds,
                            List<RateRun> rates, long heartbeatsRead, long deadLetters, long undecodable,
                            long sendErrors, int readers, Map<String, Long> hubRetries) {

        double idlePerSecond() {
            return idle.total() / idleSeconds;
        }
    }

    private record RateRun(int rate, Deliveries deliveries, WriteAmplification writes) {
    }

    private ShapeRun run(BenchPlan.Shape shape) throws IOException, InterruptedException {
        Topology full = Topology.withFreePorts(shape.hubs(), shape.spokesPerHub());
        // The hubs with their spoke lists, and no spoke processes: those are simulated here.
        Topology hubsOnly = new Topology(full.brokers(), full.hubs(), List.of());
        List<SimulatedSpokes.Cluster> clusters = full.spokes().stream()
                .map(s -> new SimulatedSpokes.Cluster(s.clusterId(), s.hubId(), s.routeString())).toList();
        List<String> hubIds = full.hubs().stream().map(Topology.Hub::id).toList();
        Path dir = shapeDir(shape);
        progress.say("scale " + shape + ": starting a Kafka broker and " + shape.hubs() + " hub JVMs ("
                + String.join(" ", settings.hubJvmArgs()) + ")");
        try (RunningTopology topology = RunningTopology.start(hubsOnly, dir, settings);
             SimulatedSpokes spokes = new SimulatedSpokes(clusters, hubIds, full.bootstrapServers());
             Admin admin = Admin.create(Map.of("bootstrap.servers", full.bootstrapServers()))) {
            Duration startup = topology.startupTime();
            // A hub is healthy before its consumer group first assigns it its inputs, which on a new
            // broker waits for the offsets topic to be created; announcements are timed from then on.
            Duration assigned = awaitActive(topology, hubIds);
            progress.say(String.format("scale %s: up in %.0f s, every hub holding its inputs %.0f s later; %d simulated "
                    + "clusters announce themselves", shape, startup.toMillis() / 1000.0, assigned.toMillis() / 1000.0,
                    clusters.size()));
            long announcing = System.nanoTime();
            spokes.start();
            // As long as a node may take to be ready: 200 clusters' announcements and heartbeats are the hubs' first load.
            spokes.awaitAnnouncements(settings.readyTimeout(), ANNOUNCEMENT_REPORT,
                    line -> progress.say("scale " + shape + ": " + line));
            Duration announced = Duration.ofNanos(System.nanoTime() - announcing);
            progress.say("scale " + shape + ": every cluster read every announcement; " + plan.scaleIdle().toSeconds()
                    + " s of heartbeats only");
            Snapshot idleStart = snapshot(admin, spokes);
            Thread.sleep(plan.scaleIdle().toMillis());
            Snapshot idleEnd = snapshot(admin, spokes);
            BrokerWrites idle = BrokerWrites.between(idleStart.ends(), idleEnd.ends());
            double idleSeconds = idleEnd.secondsSince(idleStart);
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
            return new ShapeRun(shape, startup, assigned, announced, idle, idleSeconds, rates, spokes.heartbeatsRead(), spokes.deadLetters(),
                    spokes.undecodable(), spokes.sendErrors(), spokes.readers(), retries);
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

    private Figure lagFigure(List<ShapeRun> runs, List<String> failures) {
        Figure.Builder figure = Figure.builder(ID, TITLE, "topology", "read by", "rate/s", "logins", "unseen",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (ShapeRun run : runs) {
            int others = run.shape().clusters() - 1;
            for (RateRun rate : run.rates()) {
                Deliveries d = rate.deliveries();
                Latencies.Summary one = d.one().summary();
                Latencies.Summary all = d.all().summary();
                figure.row(describe(run.shape()), "1 other (random)", rate.rate(), d.expected(), d.unseen(), one.p50(),
                        one.p99(), one.p999(), one.max());
                figure.row(describe(run.shape()), "all " + others + " others", rate.rate(), d.expected(), d.unseen(),
                        all.p50(), all.p99(), all.p999(), all.max());
                figure.curve(d.all().series(run.shape() + " all " + rate.rate() + "/s"));
                if (d.duplicates() > 0 || d.strays() > 0) {
                    figure.note(String.format("%s at %d/s: %d login copies read twice or by their own cluster, %d copies "
                            + "of logins not of this run", run.shape(), rate.rate(), d.duplicates(), d.strays()));
                }
            }
            figure.note(String.format("%s: %d hub JVMs and the broker up in %.0f s, every hub holding its inputs %.1f s "
                            + "later (its consumer group's first assignment), every cluster's announcement read by "
                            + "every other %.1f s after that; %d readers for %d feeds; %d heartbeats read, %d dead "
                            + "letters, %d undecodable records, %d failed sends", run.shape(), run.shape().hubs(),
                    run.startup().toMillis() / 1000.0, run.assigned().toMillis() / 1000.0,
                    run.announced().toMillis() / 1000.0, run.readers(),
                    run.shape().hubs(),
                    run.heartbeatsRead(), run.deadLetters(), run.undecodable(), run.sendErrors()));
            if (!run.hubRetries().isEmpty()) {
                figure.note(run.shape() + ": the hubs' producers retried sends (errors in their logs over the whole "
                        + "shape run): " + run.hubRetries());
            }
        }
        failures.forEach(figure::note);
        figure.note("Hubs are real JVMs, launched as the topology launches them, on a broker of their own per shape; "
                + "the spokes are simulated in the bench's JVM: each cluster announces itself (sequence 1), "
                + "sends a heartbeat every " + SimulatedSpokes.HEARTBEAT_INTERVAL.toSeconds() + " s and publishes "
                + "UserLoggedIn envelopes (the spoke's codec, dense sequence, its own hybrid logical clock, keyed by "
                + "the cluster) on its outbound topic, through one producer with the spoke publisher's settings.");
        figure.note("Logins come at a fixed total rate, the clusters taking turns; latency counts from the login's due "
                + "time (coordinated omission accounted for) until the simulated cluster's read-committed consumer "
                + "returned it: the hubs' relay and the broker, without a spoke's store, apply or HTTP lookup "
                + "(figure 1 has those, on the 2x2 topology's real spokes). A login not read everywhere within 30 s "
                + "is counted as unseen, at the time the bench gave up on it.");
        return finish(figure.build(), failures);
    }

    private Figure writesFigure(List<ShapeRun> runs, List<String> failures) {
        Figure.Builder figure = Figure.builder(WRITES_ID, WRITES_TITLE, "topology", "rate/s", "logins", "window s",
                "written/login", "login records/login", "expected", "heartbeat records/login", "overhead/login",
                "idle written/s");
        for (ShapeRun run : runs) {
            for (RateRun rate : run.rates()) {
                WriteAmplification w = rate.writes();
                figure.row(describe(run.shape()), rate.rate(), w.logins(), w.windowSeconds(), w.allPerLogin(),
                        w.loginRecordsPerLogin(), w.expectedLoginRecords(), w.heartbeatRecordsPerLogin(),
                        w.overheadPerLogin(), run.idlePerSecond());
                figure.note(String.format("%s at %d/s, offsets written in %.1f s: %s", run.shape(), rate.rate(),
                        w.windowSeconds(), kinds(w.loaded())));
            }
            figure.note(String.format("%s idle (heartbeats only), offsets written in %.1f s: %s", run.shape(),
                    run.idleSeconds(), kinds(run.idle())));
        }
        failures.forEach(figure::note);
        figure.note("Written = growth of every partition's log end offset (data records and transaction markers) over "
                + "every topic, the internal ones (the hubs' transactional offset commits, the transaction log) "
                + "included, from before the run to after its last login was read everywhere, divided by the logins.");
        figure.note("Login records = the origin's own on its outbound topic plus every copy read back from the hubs' "
                + "meshes and feeds; expected = hubs + 2 (outbound, its hub's mesh, every hub's feed). Heartbeat "
                + "records = the clusters' own on their outbound topics, one a second each, and the hubs' heartbeats "
                + "read on their meshes and feeds, which carry the clusters' on, one a "
                + "second per cluster whether anyone logs in or not. Overhead = the rest: markers, offset commits and "
                + "the transaction log of the hubs' transactions, which carry logins and heartbeats alike.");
        figure.note("Idle written/s = the same offsets per second before the runs, with heartbeats only.");
        return finish(figure.build(), failures);
    }

    private static String describe(BenchPlan.Shape shape) {
        return shape.hubs() + " hubs x " + shape.spokesPerHub() + " spokes"
                + (shape.equals(BenchPlan.Shape.DEFAULT) ? " (default)" : "");
    }

    private static String kinds(BrokerWrites w) {
        return String.format("out %d, mesh %d, feed %d, members %d, dead letters %d, internal %d, other %d", w.out(),
                w.mesh(), w.feed(), w.members(), w.deadLetters(), w.internal(), w.other());
    }

    /** A shape that failed leaves the figure incomplete: it says so in its status, not only in a note. */
    private static Figure finish(Figure figure, List<String> failures) {
        if (failures.isEmpty()) {
            return figure;
        }
        return new Figure(figure.id(), figure.title(), Figure.FAILED, figure.columns(), figure.rows(), figure.notes(),
                figure.curves(), figure.targets());
    }

    /** The broker's log and the jar copies take room; the processes' logs stay. */
    private static void deleteData(Path dir) throws IOException {
        for (Path data : List.of(dir.resolve(Topology.BROKER), dir.resolve("jars"))) {
            DataTrees.delete(data);
        }
    }
}
