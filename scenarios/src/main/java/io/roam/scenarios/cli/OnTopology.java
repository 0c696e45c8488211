package io.roam.scenarios.cli;

import io.roam.scenarios.control.ControlClient;
import io.roam.scenarios.control.RemoteTopology;
import io.roam.scenarios.control.TopologyStatus;
import io.roam.scenarios.topology.NodeStatus;
import io.roam.scenarios.topology.RoamHome;
import io.roam.scenarios.topology.RunDirectory;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import io.roam.scenarios.topology.TopologyControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Where a scenario command plays: on the running {@code roam up} if one answers, else on a topology of its own. */
final class OnTopology {

    /** The scenario itself, given the topology, its run directory and its nodes' status. */
    interface Scenario {
        int play(TopologyControl topology, Path runDir, Supplier<List<NodeStatus>> status) throws IOException;
    }

    private OnTopology() {
    }

    static int play(ControlOptions control, TopologyOptions options, PrintWriter out, String doing, Scenario scenario)
            throws IOException {
        ControlClient client = control.client();
        Optional<TopologyStatus> running = client.probe();
        if (running.isPresent()) {
            out.printf("%s on the running `roam up` (pid %d, run directory %s)%n", doing, running.get().launcherPid(),
                    running.get().runDir());
            out.flush();
            return scenario.play(new RemoteTopology(client, running.get()), Path.of(running.get().runDir()),
                    () -> client.topology().nodes());
        }
        RoamHome home = RoamHome.locate();
        Topology topology = options.topology();
        Path runDir = RunDirectory.createUnder(home.runs());
        out.printf("no `roam up` answers on port %d: starting a topology of %d hub(s) and %d spoke(s); logs in %s%n",
                client.port(), topology.hubs().size(), topology.spokes().size(), runDir.resolve("logs"));
        out.flush();
        try (RunningTopology own = RunningTopology.start(topology, runDir, options.launchSettings(home))) {
            out.printf("topology up in %.1f s%n", own.startupTime().toMillis() / 1000.0);
            out.flush();
            return scenario.play(own, runDir, own::status);
        }
    }
}
