package io.roam.scenarios.cli;

import io.roam.scenarios.sip.CallCheck;
import io.roam.scenarios.sip.SeedCalls;
import io.roam.scenarios.sip.SipLoad;
import io.roam.scenarios.sip.SipNetwork;
import io.roam.scenarios.topology.TopologyControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roam sip-demo}: the seed story with real calls through Kamailio, optionally under load. */
@Command(name = "sip-demo", mixinStandardHelpOptions = true,
        description = {"Plays the seed story with real SIP calls: SIPp phones answer at every cluster (on the port of "
                + "its route string), and a SIPp caller at cluster-3's Kamailio calls bob's DN after each move: "
                + "cluster-1, then cluster-2 while cluster-1 is down, then cluster-2 once cluster-1 is back; "
                + "an unknown DN gets 404 and a call while cluster-3's spoke is frozen gets 503.",
                "With --load, then calls at a fixed rate while users roam and measures the setup time the lookup adds.",
                "Runs on the running `roam up` if there is one, otherwise on a topology of its own. Needs kamailio "
                        + "(with kamailio-utils-modules and kamailio-extra-modules) and sipp (sip-tester)."})
final class SipDemoCommand implements Callable<Integer> {

    @Mixin
    ControlOptions control;

    @Mixin
    TopologyOptions options;

    @Option(names = "--step-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long a step may take to be seen by every cluster (default ${DEFAULT-VALUE}).")
    int stepTimeoutSeconds;

    @Option(names = "--load", description = "After the story: calls at --rate for --duration while users roam.")
    boolean load;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "CALLS_PER_SECOND",
            description = "Calls a second of the load (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long the load calls while users roam (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return OnTopology.play(control, options, out, "calling",
                (topology, runDir, status) -> play(topology, runDir.resolve("sip-" + stamp), out));
    }

    private int play(TopologyControl topology, Path sipDir, PrintWriter out) throws IOException {
        try (SipNetwork network = SipNetwork.start(topology, List.of(SeedCalls.DIALING), sipDir, Duration.ofSeconds(60))) {
            out.printf("phones (SIPp) at %s; %s's proxy (Kamailio) on udp %s; logs in %s%n%n",
                    network.phones().values().stream().map(p -> p.clusterId() + " udp " + p.port()).toList(),
                    SeedCalls.DIALING, network.proxy(SeedCalls.DIALING).address(), sipDir);
            out.flush();
            SeedCalls.Outcome outcome = new SeedCalls(topology, network, Duration.ofSeconds(stepTimeoutSeconds), line -> {
                out.println(line);
                out.flush();
            }).play();
            out.println();
            if (!outcome.held()) {
                out.println("the seed story with calls FAILED: " + outcome.calls().stream().filter(c -> !c.held())
                        .map(CallCheck::line).findFirst().orElse("a step failed"));
                out.flush();
                return 1;
            }
            out.println("every call reached the cluster the directory named");
            if (!load) {
                out.flush();
                return 0;
            }
            out.println();
            SipLoad.Result result = new SipLoad(topology, network, SeedCalls.DIALING,
                    SipLoad.Settings.of(rate, Duration.ofSeconds(durationSeconds)), line -> {
                        out.println(line);
                        out.flush();
                    }).run();
            result.lines().forEach(out::println);
            out.flush();
            return result.misrouted() == 0 ? 0 : 1;
        }
    }
}
