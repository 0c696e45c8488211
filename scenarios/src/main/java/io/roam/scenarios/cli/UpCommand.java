package io.roam.scenarios.cli;

import io.roam.scenarios.control.ControlClient;
import io.roam.scenarios.control.ControlServer;
import io.roam.scenarios.topology.RoamHome;
import io.roam.scenarios.topology.RunDirectory;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roam up}: starts the topology and keeps it in the foreground; Ctrl-C or SIGTERM stops the
 * spokes, then the hubs, then the broker.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the local topology (a Kafka broker, the hubs, the spokes) and keeps it up until "
                + "Ctrl-C or SIGTERM, which stop everything it started.",
                "While up, `roam kill|stop|start|pause|resume NODE`, `roam status` and `roam demo` act on it "
                        + "through its control endpoint on 127.0.0.1."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    TopologyOptions options;

    @Option(names = "--control-port", defaultValue = "8079", paramLabel = "PORT",
            description = "Port of the control endpoint on 127.0.0.1; 0 for any free port (default ${DEFAULT-VALUE}).")
    int controlPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (controlPort != 0) {
            new ControlClient(controlPort).probe().ifPresent(running -> {
                throw new IllegalStateException("a `roam up` is already running (pid " + running.launcherPid()
                        + ", run directory " + running.runDir() + ")");
            });
        }
        RoamHome home = RoamHome.locate();
        Topology topology = options.topology();
        Path runDir = RunDirectory.createUnder(home.runs());
        out.printf("starting %d hub(s) and %d spoke(s); logs in %s%n", topology.hubs().size(), topology.spokes().size(),
                runDir.resolve("logs"));
        out.flush();
        RunningTopology running = RunningTopology.start(topology, runDir, options.launchSettings(home));
        ControlServer control = ControlServer.start(running, controlPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping spokes, hubs, broker ...");
            out.flush();
            control.close();
            running.close();
            out.println("stopped; logs stay in " + runDir);
            out.flush();
            stopped.countDown();
        }, "roam-up-stop"));
        printSummary(out, running, control);
        stopped.await();
        return 0;
    }

    private static void printSummary(PrintWriter out, RunningTopology running, ControlServer control) {
        Topology topology = running.topology();
        out.printf("%ntopology up in %.1f s%n", running.startupTime().toMillis() / 1000.0);
        NodeTable.print(out, running.status());
        out.println();
        out.println((topology.brokers().size() == 1 ? "broker    " : "brokers   ") + topology.bootstrapServers()
                + (topology.brokers().size() == 1 ? "" : "   (KRaft cluster; topics with " + topology.replicationFactor()
                        + " copies, writes acknowledged by " + topology.minInsyncReplicas() + ")")
                + (running.secureKafka()
                ? "   (SASL/SCRAM-SHA-512 and ACLs; super user's client config " + running.kafkaAdminProperties() + ")"
                : "   (plaintext, no ACLs: local development)"));
        topology.hubs().forEach(hub -> out.printf("%-9s %s/api/v1/hub   (spokes %s)%n", hub.id(), hub.url(),
                String.join(", ", hub.spokes())));
        topology.spokes().forEach(spoke -> out.printf("%-9s %s/api/v1/replication   (hub %s, route %s)%n",
                spoke.clusterId(), spoke.url(), spoke.hubId(), spoke.routeString()));
        out.println("run dir   " + running.runDir() + "   (logs/, control.json)");
        out.println("control   http://127.0.0.1:" + control.port() + "   roam status | kill | stop | start | pause | resume NODE | demo"
                + (control.port() == ControlServer.DEFAULT_PORT ? "" : "   (with --control-port " + control.port() + ")"));
        out.println("Ctrl-C stops everything.");
        out.flush();
    }
}
