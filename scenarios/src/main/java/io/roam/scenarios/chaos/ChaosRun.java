package io.roam.scenarios.chaos;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.roam.events.TopicPolicy;
import io.roam.scenarios.broker.ClusterProbe;
import io.roam.scenarios.client.JsonHttp;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A chaos run: superusers and phones are provisioned, then EM traffic at a fixed rate meets a
 * nemesis that kills and freezes processes while every spoke's staleness is sampled; then the heal
 * (everything started and thawed), the wait for a quiet network, and the checks of {@link Checks}.
 * Every answered call is logged to {@code <runDir>/chaos-operations.jsonl}.
 */
public final class ChaosRun {

    /** After this long without an answer an EM call is indeterminate. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectWriter JSON_LINE = JsonHttp.JSON.writer();
    private static final ObjectWriter PRETTY = JsonHttp.JSON.writerWithDefaultPrettyPrinter();

    private final RunningTopology topology;
    private final ChaosSettings settings;
    private final Consumer<String> progress;
    private long runStartNanos;

    public ChaosRun(RunningTopology topology, ChaosSettings settings, Consumer<String> progress) {
        this.topology = topology;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Starts a topology of the settings' shape on free ports in {@code runDir}, runs, writes the
     * report and stops the topology.
     */
    public static ChaosReport run(ChaosSettings settings, Path runDir, LaunchSettings launch, Consumer<String> progress)
            throws IOException, InterruptedException {
        Topology shape = Topology.withFreePorts(settings.hubs(), settings.spokesPerHub(), settings.brokers());
        progress.accept("starting %d broker(s), %d hub(s) and %d spoke(s); logs in %s".formatted(shape.brokers().size(),
                shape.hubs().size(), shape.spokes().size(), runDir.resolve("logs")));
        try (RunningTopology topology = RunningTopology.start(shape, runDir, forLoad(launch))) {
            progress.accept("topology up in %.1f s".formatted(topology.startupTime().toMillis() / 1000.0));
            ChaosReport report = new ChaosRun(topology, settings, progress).execute();
            Path path = settings.reportIn(topology.runDir());
            Files.createDirectories(path.toAbsolutePath().getParent());
            PRETTY.writeValue(path.toFile(), report);
            progress.accept("report written to " + path);
            return report;
        }
    }

    /**
     * PIN hashes at bcrypt cost 4 (the documented load-test setting): at cost 10 the logins alone
     * would take most of two shared cores, and the faults, not the hashing, are under test.
     */
    public static LaunchSettings forLoad(LaunchSettings launch) {
        List<String> spokeArgs = new ArrayList<>(launch.spokeJvmArgs());
        spokeArgs.add("-Droam.spoke.em.pin-hash-cost=4");
        return new LaunchSettings(launch.spokeJar(), launch.hubJar(), launch.brokerClasspath(), spokeArgs,
                launch.hubJvmArgs(), launch.brokerJvmArgs(), launch.readyTimeout(), launch.secureKafka());
    }

    /** Plays the run on the running topology, which it leaves running (and healed). */
    public ChaosReport execute() throws IOException, InterruptedException {
        Fleet fleet = Fleet.of(topology.clusterIds(), settings.usersPerCluster(), settings.devicesPerCluster());
        Duration provisioned = fleet.provision(topology::spoke, PROVISIONING_TIMEOUT);
        progress.accept("provisioned %d superusers and %d phones, known everywhere after %d ms".formatted(
                fleet.members().size(), fleet.clusterOfDevice().size(), provisioned.toMillis()));

        Random seeds = new Random(settings.seed());
        Random nemesisRandom = new Random(seeds.nextLong());
        Random loadRandom = new Random(seeds.nextLong());
        runStartNanos = System.nanoTime();
        Instant startedAt = Instant.now();
        long runStartEpochMillis = System.currentTimeMillis();
        RoamingModel model = new RoamingModel();
        Map<String, SpokeClient> callClients = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        for (String cluster : topology.clusterIds()) {
            urls.put(cluster, topology.spoke(cluster).baseUrl());
            callClients.put(cluster, new SpokeClient(urls.get(cluster), SpokeClient.DEFAULT_ADMIN_TOKEN, CALL_TIMEOUT));
        }

        LoadGenerator load;
        Nemesis nemesis = new Nemesis(topology, nemesisRandom, settings.brokerKills(), runStartNanos, this::say);
        StalenessMonitor staleness = new StalenessMonitor(urls, runStartNanos);
        RelayGapMonitor relayGaps = new RelayGapMonitor(urls, runStartEpochMillis);
        try (BufferedWriter log = Files.newBufferedWriter(topology.runDir().resolve("chaos-operations.jsonl"))) {
            load = new LoadGenerator(fleet, model, callClients, topology::isAlive, loadRandom, settings.rate(),
                    new EmCalls(runStartNanos), operation -> logLine(log, operation), new AtomicLong());
            progress.accept("chaos for %d s at %.1f calls/s, seed %d%s".formatted(settings.duration().toSeconds(),
                    settings.rate(), settings.seed(), settings.brokerKills() ? ", broker kills included" : ""));
            staleness.start();
            relayGaps.start();
            load.start();
            nemesis.start();
            // The run itself: load and faults go on in the background for this long.
            Thread.sleep(settings.duration().toMillis());
            load.stop(CALL_TIMEOUT);
        }
        long chaosMillis = sinceStart();
        // The heal starts with the load's end: restarts under way are part of it.
        long healStart = System.nanoTime();
        say("load stopped after %d calls; heal: thawing and starting what is down, restarts under way finish"
                .formatted(load.operations().size()));
        nemesis.stopAndHeal();
        long healed = System.nanoTime();
        long restartMillis = (healed - healStart) / 1_000_000;
        say("every node up %.1f s after the heal began".formatted(restartMillis / 1000.0));
        Long convergedMillis = null;
        List<String> stillOpen = List.of();
        try {
            convergedMillis = restartMillis + Quiescence.await(topology, healed, settings.healTimeout()).toMillis();
            say("quiet %.1f s after the heal began".formatted(convergedMillis / 1000.0));
        } catch (Poll.NotConverged e) {
            stillOpen = e.complaints();
            say("NOT quiet %d s after every node was up: %s".formatted(settings.healTimeout().toSeconds(), stillOpen));
        }
        staleness.stop();
        relayGaps.stop();

        Checks checks = Checks.evaluate(NetworkSnapshot.take(topology, fleet), fleet, model);
        ClusterProbe.TopicReplication topicReplication;
        try (ClusterProbe kafka = new ClusterProbe(topology.kafkaAdminConfig())) {
            topicReplication = kafka.topicReplication(TopicPolicy.PREFIX);
        }
        ChaosReport.Heal heal = new ChaosReport.Heal(restartMillis, convergedMillis, stillOpen);
        return new ChaosReport(settings.seed(),
                new ChaosReport.Shape(topology.topology().brokers().size(), settings.hubs(), settings.spokesPerHub(),
                        topology.clusterIds(),
                        fleet.members().size(), fleet.clusterOfDevice().size()),
                topology.runDir().toString(), startedAt.toString(), chaosMillis, settings.rate(), settings.brokerKills(),
                operations(load), faults(nemesis.faults()), staleness(staleness.windows()),
                RelayGapMonitor.summarize(relayGaps.gaps(), nemesis.faults(), topology.topology(), sinceStart()),
                topicReplication, heal, checks,
                checks.passed() && heal.converged());
    }

    private static ChaosReport.Operations operations(LoadGenerator load) {
        List<Operation> all = load.operations();
        Map<Operation.Outcome, Long> byOutcome = all.stream()
                .collect(Collectors.groupingBy(Operation::outcome, () -> new EnumMap<>(Operation.Outcome.class), Collectors.counting()));
        Map<String, Integer> refusedByCode = new TreeMap<>();
        all.stream().filter(op -> op.outcome() == Operation.Outcome.REFUSED)
                .forEach(op -> refusedByCode.merge(Integer.toString(op.emCode()), 1, Integer::sum));
        int logins = (int) all.stream().filter(op -> op.kind() == Operation.Kind.LOGIN).count();
        return new ChaosReport.Operations(all.size(), logins, all.size() - logins,
                count(byOutcome, Operation.Outcome.ACKNOWLEDGED), count(byOutcome, Operation.Outcome.REFUSED),
                count(byOutcome, Operation.Outcome.UNREACHABLE), count(byOutcome, Operation.Outcome.INDETERMINATE),
                refusedByCode, load.skippedTicks());
    }

    private static int count(Map<Operation.Outcome, Long> byOutcome, Operation.Outcome outcome) {
        return byOutcome.getOrDefault(outcome, 0L).intValue();
    }

    private static ChaosReport.Faults faults(List<Nemesis.Fault> faults) {
        Map<Nemesis.FaultKind, Integer> byKind = new EnumMap<>(Nemesis.FaultKind.class);
        faults.forEach(fault -> byKind.merge(fault.kind(), 1, Integer::sum));
        return new ChaosReport.Faults(byKind, faults);
    }

    private static ChaosReport.Staleness staleness(List<StalenessMonitor.Window> windows) {
        Map<String, Long> longestByCluster = new TreeMap<>();
        windows.forEach(window -> longestByCluster.merge(window.cluster(), window.millis(), Math::max));
        return windows.stream().max(Comparator.comparingLong(StalenessMonitor.Window::millis))
                .map(longest -> new ChaosReport.Staleness(longest.millis(), longest.cluster(), longest.origin(), longest.fromMillis(),
                        longest.toMillis(), longest.reason(), longestByCluster))
                .orElse(new ChaosReport.Staleness(0, null, null, 0, 0, null, longestByCluster));
    }

    private void logLine(BufferedWriter log, Operation operation) {
        try {
            synchronized (log) {
                log.write(JSON_LINE.writeValueAsString(operation));
                log.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot log operation " + operation.id(), e);
        }
    }

    private void say(String line) {
        progress.accept("t+%6.1f s  %s".formatted(sinceStart() / 1000.0, line));
    }

    private long sinceStart() {
        return (System.nanoTime() - runStartNanos) / 1_000_000;
    }
}
