package io.roam.scenarios.chaos;

import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.Node;
import io.roam.scenarios.topology.RoamHome;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A topology of a test class's own, for tests that kill, wipe or add nodes and so must not share
 * one. It runs from a fresh directory under {@code target/} that stays for post-mortems.
 */
final class OwnTopology {

    static final Duration QUIET_TIMEOUT = Duration.ofMinutes(3);

    private OwnTopology() {
    }

    static RunningTopology start(String name, int hubs, int spokesPerHub) throws IOException {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        Path runDir = Files.createTempDirectory(target, name + "-");
        RunningTopology topology = RunningTopology.start(Topology.withFreePorts(hubs, spokesPerHub), runDir,
                ChaosRun.forLoad(LaunchSettings.from(RoamHome.locate()).withQuickStart()));
        System.out.printf("%s: topology up in %d ms, run directory %s%n", name, topology.startupTime().toMillis(), runDir);
        return topology;
    }

    /**
     * Whatever a failed test left frozen or dead comes back, the broker first; then the network must
     * be quiet, so that the next test does not start against a spoke still catching up.
     */
    static void heal(RunningTopology topology) {
        topology.nodes().stream().filter(Node::isPaused).forEach(node -> topology.resume(node.name()));
        for (Node.Kind kind : List.of(Node.Kind.BROKER, Node.Kind.HUB, Node.Kind.SPOKE)) {
            topology.nodes().stream().filter(node -> node.kind() == kind && !node.isAlive())
                    .forEach(node -> topology.start(node.name()));
        }
        Quiescence.await(topology, System.nanoTime(), QUIET_TIMEOUT);
    }

    /** Waits for a quiet network, then checks everything {@link Checks} checks. */
    static Checks quietAndChecked(RunningTopology topology, Fleet fleet, RoamingModel model) {
        Quiescence.await(topology, System.nanoTime(), QUIET_TIMEOUT);
        return Checks.evaluate(NetworkSnapshot.take(topology, fleet), fleet, model);
    }
}
