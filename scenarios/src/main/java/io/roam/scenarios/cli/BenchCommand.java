package io.roam.scenarios.cli;

import io.roam.scenarios.bench.BenchFleet;
import io.roam.scenarios.bench.BenchPlan;
import io.roam.scenarios.bench.CacheFreshness;
import io.roam.scenarios.bench.DataTrees;
import io.roam.scenarios.bench.H2CommitFloor;
import io.roam.scenarios.bench.ImportBench;
import io.roam.scenarios.bench.InProcessLookups;
import io.roam.scenarios.bench.LoginThroughputBench;
import io.roam.scenarios.bench.LookupBench;
import io.roam.scenarios.bench.ReplicationLagBench;
import io.roam.scenarios.bench.ScaleBench;
import io.roam.scenarios.bench.SipCallsBench;
import io.roam.scenarios.bench.StoreBench;
import io.roam.scenarios.bench.report.BenchReport;
import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Machine;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.broker.KafkaBroker;
import io.roam.scenarios.process.FreePorts;
import io.roam.scenarios.process.JarCopy;
import io.roam.scenarios.simulation.StandaloneSpoke;
import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RoamHome;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roam bench}: starts a topology of its own (2 hubs x 2 spokes on free ports) and
 * standalone spokes beside it, measures its figures in priority order, and writes
 * {@code bench-results/<timestamp>/results.json}, {@code results.md} and an SVG chart per latency
 * figure. A figure that fails is reported as failed and the others still run: a benchmark
 * reports, it never fails a build.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the roaming directory: replication lag against a Kafka floor and a Kamailio dmq peer, "
                + "login throughput, lookups, catch-up, rebuild and memory, on a topology of its own (free ports), and scale "
                + "by simulation (real hubs, simulated spokes); calls through Kamailio while users roam; bulk import.",
                "Writes bench-results/<timestamp>/results.json, results.md and SVG latency charts. "
                        + "The full run takes about half an hour; --quick is a smoke run with small sizes."})
public final class BenchCommand implements Callable<Integer> {

    /** Figure groups by the name {@code --only} takes; {@code import} is a Java keyword, hence the constant's underscore. */
    enum Group {
        lag, logins, lookups, store, scale, sip, import_;

        @Override
        public String toString() {
            return name().replace("_", "");
        }
    }

    @Option(names = "--quick", description = "A smoke run: every figure, small sizes and short durations.")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "GROUP",
            description = "Only these groups: ${COMPLETION-CANDIDATES} (default: all, in this order).")
    List<Group> only;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the results directory goes (default: bench-results "
            + "under the repository root).")
    Path out;

    @Option(names = "--profile", description = "Record every spoke with Java Flight Recorder (profile settings); "
            + "the .jfr files land in the results directory's jfr/.")
    boolean profile;

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "1|3",
            description = "Kafka brokers under the topology, its floor and its standalone spokes: 1, or 3 for a KRaft "
                    + "cluster whose topics keep 3 copies and acknowledge on 2 (default ${DEFAULT-VALUE}); the scale figure "
                    + "always uses one.")
    int brokers;

    @Option(names = "--ready-timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "How long each process may take to report healthy (default ${DEFAULT-VALUE}).")
    int readyTimeoutSeconds;

    @Option(names = "--hub-delivery", defaultValue = "at-least-once", paramLabel = "transactions|at-least-once",
            description = "How the hubs relay, and figure 1's floor with them: in Kafka transactions, or at least once "
                    + "(default ${DEFAULT-VALUE}).")
    String hubDelivery;

    @Spec
    CommandSpec spec;

    private static final String ORIGIN = "cluster-1";
    private static final String LOOKUP_SPOKE = "cluster-2";
    private static final Duration KNOWN_TIMEOUT = Duration.ofMinutes(3);
    /** Spokes of the topology: a cheap PIN hash so that logins measure the pipeline, and room for concurrent logins. */
    private static final List<String> TOPOLOGY_SPOKE_PROPERTIES = List.of("-Droam.spoke.em.pin-hash-cost=4",
            "-Droam.spoke.em.maximum-concurrent-requests=64");

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
        List<Group> groups = only == null || only.isEmpty() ? List.of(Group.values()) : only;
        RoamHome home = RoamHome.locate();
        Path results = createResultsDirectory(out != null ? out : home.root().resolve("bench-results"));
        Path runDir = results.resolve("run");
        Machine machine = Machine.before();
        LocalDateTime started = LocalDateTime.now();
        long startNanos = System.nanoTime();
        Progress progress = line -> {
            long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
            console.printf("[%02d:%02d] %s%n", seconds / 60, seconds % 60, line);
            console.flush();
        };
        progress.say("roam bench (" + plan.mode() + "): results in " + results + "; " + machine.uptimeBefore());
        List<String> spokeJvmArgs = new ArrayList<>(LaunchSettings.SPOKE_JVM_ARGS);
        if (profile) {
            Path jfr = Files.createDirectories(results.resolve("jfr"));
            // Waits of 1 ms and more: a login spends most of its time waiting, in pieces the default 10 ms hides.
            spokeJvmArgs.add("-XX:StartFlightRecording=settings=profile,+jdk.ThreadPark#threshold=1ms,"
                    + "+jdk.JavaMonitorEnter#threshold=1ms,+jdk.JavaMonitorWait#threshold=1ms,+jdk.SocketRead#threshold=1ms,"
                    + "+jdk.FileWrite#threshold=1ms,+jdk.FileRead#threshold=1ms,dumponexit=true,filename=" + jfr + "/");
        }
        LaunchSettings base = LaunchSettings.from(home).withHubDelivery(hubDelivery);
        Run run = new Run(plan, groups, progress, runDir, List.copyOf(spokeJvmArgs),
                JarCopy.intact(base.spokeJar(), runDir.resolve("bench-jars")));
        List<Figure> figures = new ArrayList<>();
        if (groups.contains(Group.lookups)) {
            // First, on a quiet machine: beside a topology the threads get a fraction of the cores.
            figures.add(inProcess(plan, progress));
        }
        if (groups.contains(Group.lag) || groups.contains(Group.lookups) || groups.contains(Group.sip)
                || groups.contains(Group.import_)) {
            List<String> topologySpokeArgs = Stream.concat(spokeJvmArgs.stream(), TOPOLOGY_SPOKE_PROPERTIES.stream()).toList();
            LaunchSettings settings = new LaunchSettings(base.spokeJar(), base.hubJar(), base.brokerClasspath(),
                    topologySpokeArgs, base.hubJvmArgs(), base.brokerJvmArgs(), Duration.ofSeconds(readyTimeoutSeconds),
                    base.secureKafka());
            progress.say("starting the topology: " + (brokers == 1 ? "a Kafka broker" : brokers + " Kafka brokers")
                    + ", 2 hubs, 4 spokes (PIN-hash cost 4, 64 concurrent logins)");
            try (RunningTopology topology = RunningTopology.start(Topology.withFreePorts(2, 2, brokers), runDir, settings)) {
                progress.say(String.format("topology up in %.0f s", topology.startupTime().toMillis() / 1000.0));
                if (groups.contains(Group.lag) || groups.contains(Group.lookups)) {
                    figures.addAll(topologyFigures(run, topology));
                }
                if (groups.contains(Group.sip)) {
                    figures.addAll(measure(SipCallsBench.ID, SipCallsBench.TITLE, List.of(SipCallsBench.TARGET, SipCallsBench.TARGET_RATE, SipCallsBench.TARGET_OVERHEAD, CacheFreshness.TARGET), progress,
                            () -> SipCallsBench.run(plan, topology, runDir, progress)));
                }
                if (groups.contains(Group.import_)) {
                    // Last on the topology: its users stay in every spoke's directory.
                    figures.addAll(measure(ImportBench.HASHED_ID, ImportBench.HASHED_TITLE, List.of(), progress, () -> {
                        Map<String, String> observers = new LinkedHashMap<>();
                        topology.clusterIds().stream().filter(c -> !c.equals(ORIGIN))
                                .forEach(c -> observers.put(c, topology.spoke(c).baseUrl()));
                        return List.of(new ImportBench(plan, runDir.resolve("import"), progress)
                                .hashed(topology.spoke(ORIGIN).baseUrl(), observers));
                    }));
                }
                // The standalone spokes come next: the topology's own spokes and hubs would only compete for the cores.
                progress.say("stopping the topology's spokes and hubs (the brokers stay)");
                topology.clusterIds().forEach(topology::stop);
                topology.hubNodes().forEach(topology::stop);
                figures.addAll(standaloneFigures(run, topology.topology().bootstrapServers()));
            }
        } else if ((groups.contains(Group.logins) || groups.contains(Group.store)) && brokers > 1) {
            try (RunningTopology cluster = RunningTopology.start(Topology.withFreePorts(1, 1, brokers).brokersOnly(),
                    runDir, base.withReadyTimeout(Duration.ofSeconds(readyTimeoutSeconds)))) {
                figures.addAll(standaloneFigures(run, cluster.topology().bootstrapServers()));
            }
        } else if (groups.contains(Group.logins) || groups.contains(Group.store)) {
            int[] ports = FreePorts.allocate(2);
            progress.say("starting a Kafka broker");
            try (KafkaBroker broker = new KafkaBroker(KafkaBroker.Settings.of(runDir.resolve(Topology.BROKER), ports[0], ports[1])
                    .withLogDir(runDir.resolve("logs")).withClasspath(base.brokerClasspath()))) {
                broker.start();
                figures.addAll(standaloneFigures(run, broker.bootstrapServers()));
            }
        }
        if (groups.contains(Group.scale)) {
            // Last, once everything else has stopped: each shape runs on a broker and hubs of its own.
            figures.addAll(measureScale(run, base.withReadyTimeout(Duration.ofSeconds(readyTimeoutSeconds)),
                    hubDelivery.equals("transactions")));
        }
        figures.sort(Comparator.comparing(Figure::title));
        deleteData(runDir);
        BenchReport report = new BenchReport(plan.mode(), started.toString(), LocalDateTime.now().toString(),
                (System.nanoTime() - startNanos) / 60e9, runDir.toString(), machine.after(),
                figures.stream().flatMap(f -> f.targets().stream()).toList(), figures);
        ReportWriter.write(report, results);
        progress.say("wrote " + results.resolve("results.md"));
        console.println();
        console.print(ReportWriter.markdown(report));
        console.flush();
        return 0;
    }

    /** What every part of one run needs. */
    private record Run(BenchPlan plan, List<Group> groups, Progress progress, Path runDir, List<String> spokeJvmArgs,
                       Path spokeJar) {
    }

    /** Figures 1 and 3, on the topology's spokes, after the bench's users are provisioned at the origin. */
    private List<Figure> topologyFigures(Run run, RunningTopology topology) {
        BenchFleet fleet = new BenchFleet("lag", 7_000_000L, run.plan().lagUsers());
        Exception fleetFailure = null;
        try {
            run.progress().say("provisioning " + fleet.size() + " superusers and phones at " + ORIGIN);
            fleet.provision(topology.spoke(ORIGIN).baseUrl());
            for (String cluster : topology.clusterIds()) {
                fleet.awaitKnownAt(topology.spoke(cluster).baseUrl(), KNOWN_TIMEOUT);
            }
        } catch (RuntimeException e) {
            fleetFailure = e;
        }
        Exception fleetProblem = fleetFailure;
        List<Figure> figures = new ArrayList<>();
        if (run.groups().contains(Group.lag)) {
            figures.addAll(measure(ReplicationLagBench.ID, ReplicationLagBench.TITLE,
                    List.of(ReplicationLagBench.TARGET_IDLE, ReplicationLagBench.TARGET_LOADED), run.progress(), () -> {
                        requireFleet(fleetProblem);
                        Map<String, String> observers = new LinkedHashMap<>();
                        topology.clusterIds().stream().filter(c -> !c.equals(ORIGIN))
                                .forEach(c -> observers.put(c, topology.spoke(c).baseUrl()));
                        return List.of(new ReplicationLagBench(run.plan(), fleet, topology.spoke(ORIGIN).baseUrl(), observers,
                                topology.topology().bootstrapServers(), hubDelivery.equals("transactions"),
                                run.runDir().resolve("peer-dmq"), run.progress()).run());
                    }));
        }
        if (run.groups().contains(Group.lookups)) {
            figures.addAll(measure(LookupBench.ID, LookupBench.TITLE, List.of(LookupBench.TARGET), run.progress(), () -> {
                requireFleet(fleetProblem);
                return List.of(new LookupBench(run.plan(), fleet, LOOKUP_SPOKE, topology.spoke(LOOKUP_SPOKE).baseUrl(),
                        run.progress()).run());
            }));
        }
        return figures;
    }

    /** Figures 2 (with its H2 calibration), 4, 5, 6 and 9b, on spokes of their own beside nothing but the broker. */
    private List<Figure> standaloneFigures(Run run, String bootstrap) {
        List<Figure> figures = new ArrayList<>();
        if (run.groups().contains(Group.logins)) {
            figures.addAll(measure(H2CommitFloor.ID, H2CommitFloor.TITLE, List.of(), run.progress(), () -> List.of(
                    new H2CommitFloor(run.runDir().resolve(H2CommitFloor.ID), run.plan().loginDuration(), run.progress())
                            .run(run.plan().loginClients()))));
            figures.addAll(measure(LoginThroughputBench.ID, LoginThroughputBench.TITLE, List.of(LoginThroughputBench.TARGET),
                    run.progress(), () -> List.of(new LoginThroughputBench(run.plan(), (cluster, properties) ->
                            startStandalone(cluster, run, bootstrap, properties), run.progress()).run())));
        }
        if (run.groups().contains(Group.store)) {
            figures.addAll(measureStore(run, bootstrap));
        }
        if (run.groups().contains(Group.import_)) {
            figures.addAll(measure(ImportBench.CLEAR_ID, ImportBench.CLEAR_TITLE, List.of(), run.progress(), () -> {
                try (StandaloneSpoke spoke = startStandalone("bench-import", run, bootstrap,
                        List.of("roam.spoke.em.pin-hash-cost=" + ImportBench.DEFAULT_COST))) {
                    return List.of(new ImportBench(run.plan(), run.runDir().resolve("import"), run.progress()).clear(spoke));
                }
            }));
        }
        return figures;
    }

    /** The figure(s) of one bench, or a failed figure if it threw. */
    private static List<Figure> measure(String id, String title, List<String> targets, Progress progress,
                                        Callable<List<Figure>> bench) {
        try {
            return bench.call();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            progress.say(id + " failed: " + e);
            return List.of(Figure.failed(id, title, e, targets));
        }
    }

    private static Figure inProcess(BenchPlan plan, Progress progress) {
        String title = "3b. In-process lookups (RoamingDirectory.lookup, no HTTP)";
        try {
            progress.say("in-process lookups over " + plan.inProcessDns() + " DNs");
            InProcessLookups.Result result = InProcessLookups.measure(plan.inProcessDns(), plan.inProcessDuration(),
                    plan.inProcessDuration());
            InProcessLookups.Result plain = InProcessLookups.measurePlainMap(plan.inProcessDns(), plan.inProcessDuration(),
                    plan.inProcessDuration());
            return Figure.builder("in-process", title, "map", "DNs", "threads", "lookups/s", "lookups per CPU-second")
                    .row("RoamingDirectory.lookup", result.dns(), result.threads(), result.lookupsPerSecond(),
                            result.lookupsPerCpuSecond())
                    .row("plain ConcurrentHashMap (calibration)", plain.dns(), plain.threads(), plain.lookupsPerSecond(),
                            plain.lookupsPerCpuSecond())
                    .note("The spoke's own RoamingDirectory class built from events, one thread per core, "
                            + "in the bench's JVM (-Xmx256m, serial GC) before anything else of the run starts; "
                            + "per CPU-second counts only the CPU time the threads got, which a busy machine does not shrink.")
                    .target(TargetCheck.of(InProcessLookups.TARGET,
                            String.format("%.1fM/s", result.lookupsPerSecond() / 1e6), result.lookupsPerSecond() >= 10e6))
                    .build();
        } catch (NoClassDefFoundError e) {
            return Figure.notMeasured("in-process", title, "not measured: the spoke's classes are not on the bench's "
                    + "runtime classpath (" + e.getMessage() + ")", List.of(InProcessLookups.TARGET));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Figure.failed("in-process", title, e, List.of(InProcessLookups.TARGET));
        }
    }

    private static List<Figure> measureScale(Run run, LaunchSettings settings, boolean transactionalHubs) {
        try {
            return new ScaleBench(run.plan(), settings, run.runDir(), run.progress(), transactionalHubs).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.progress().say("scale interrupted");
            return List.of(Figure.failed(ScaleBench.ID, ScaleBench.TITLE, e, List.of()),
                    Figure.failed(ScaleBench.WRITES_ID, ScaleBench.WRITES_TITLE, e, List.of()));
        }
    }

    private List<Figure> measureStore(Run run, String bootstrap) {
        List<String> bigHeap = new ArrayList<>(run.spokeJvmArgs().stream().map(arg -> arg.startsWith("-Xmx") ? "-Xmx1g" : arg).toList());
        // the serial collector's full GC otherwise leaves dead space in place, which figure 6 would count as the DNs'
        bigHeap.add("-XX:MarkSweepDeadRatio=0");
        try (StandaloneSpoke spoke = new StandaloneSpoke(StoreBench.CLUSTER, run.runDir().resolve(StoreBench.CLUSTER),
                run.spokeJar(), bootstrap, bigHeap, List.of(), Duration.ofSeconds(readyTimeoutSeconds))) {
            return new StoreBench(run.plan(), spoke, bootstrap, run.progress()).run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            run.progress().say("store failed: " + e);
            return List.of(
                    Figure.failed(StoreBench.CATCH_UP_ID, StoreBench.CATCH_UP_TITLE, e, List.of(StoreBench.CATCH_UP_TARGET)),
                    Figure.failed(StoreBench.REBUILD_ID, StoreBench.REBUILD_TITLE, e, List.of(StoreBench.REBUILD_TARGET)),
                    Figure.failed(StoreBench.MEMORY_ID, StoreBench.MEMORY_TITLE, e, List.of(StoreBench.MEMORY_TARGET)));
        }
    }

    private StandaloneSpoke startStandalone(String cluster, Run run, String bootstrap, List<String> properties)
            throws IOException {
        StandaloneSpoke spoke = new StandaloneSpoke(cluster, run.runDir().resolve(cluster), run.spokeJar(), bootstrap,
                run.spokeJvmArgs(), properties, Duration.ofSeconds(readyTimeoutSeconds));
        try {
            spoke.start();
        } catch (RuntimeException | IOException e) {
            spoke.close();
            throw e;
        }
        return spoke;
    }

    private static void requireFleet(Exception failure) {
        if (failure != null) {
            throw new IllegalStateException("the bench's users could not be provisioned: " + failure.getMessage(), failure);
        }
    }

    private static Path createResultsDirectory(Path parent) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = parent.resolve(stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = parent.resolve(stamp + "-" + i);
        }
        return Files.createDirectories(dir);
    }

    /** Stores and the broker's log take gigabytes after a full run; the processes' logs stay. */
    private static void deleteData(Path runDir) throws IOException {
        List<Path> data = new ArrayList<>(List.of(runDir.resolve("jars"), runDir.resolve("bench-jars")));
        try (Stream<Path> brokers = Files.list(runDir)) {
            brokers.filter(dir -> dir.getFileName().toString().startsWith(Topology.BROKER)).forEach(data::add);
        }
        try (Stream<Path> homes = Files.list(runDir)) {
            homes.map(home -> home.resolve("data")).forEach(data::add);
        }
        for (Path dir : data) {
            DataTrees.delete(dir);
        }
    }
}
