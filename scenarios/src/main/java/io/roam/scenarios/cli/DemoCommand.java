package io.roam.scenarios.cli;

import io.roam.scenarios.demo.EmccStory;
import io.roam.scenarios.demo.SeedStory;
import io.roam.scenarios.demo.StepResult;
import io.roam.scenarios.sip.SipNetwork;
import io.roam.scenarios.sip.SipTools;
import io.roam.scenarios.topology.NodeStatus;
import io.roam.scenarios.topology.TopologyControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roam demo}: the seed story or the EMCC story, on the running {@code roam up} or on a topology of its own. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Plays the seed story: bob roams from cluster-1 to cluster-2 while cluster-1 is down, "
                + "and cluster-1 logs him out when it returns.",
                "With --emcc, the EMCC story instead: emma, homed at cluster-1, logs in at cluster-3 in EMCC mode "
                        + "(calls go to cluster-1, her emergency calls leave at cluster-3); cluster-1 goes down, an EMCC "
                        + "login is refused (40) and dana falls back to roaming at cluster-4; cluster-1 logs dana out "
                        + "when it returns. Where kamailio and sipp are installed, the calls are real SIP calls.",
                "Runs on the running `roam up` if there is one, otherwise starts the default topology, plays, "
                        + "and stops it. Prints each step with the time until every cluster saw it; "
                        + "exits 0 only if every step held."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ControlOptions control;

    @Mixin
    TopologyOptions options;

    @Option(names = "--emcc", description = "Play the EMCC story instead of the seed story.")
    boolean emcc;

    @Option(names = "--step-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long a step may take to be seen by every cluster (default ${DEFAULT-VALUE}).")
    int stepTimeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        return OnTopology.play(control, options, out, "playing", (topology, runDir, status) -> emcc
                ? playEmcc(topology, runDir, out, status) : play(topology, out, status));
    }

    private int play(TopologyControl topology, PrintWriter out, Supplier<List<NodeStatus>> status) {
        out.println();
        List<StepResult> steps = new SeedStory(topology, Duration.ofSeconds(stepTimeoutSeconds), step -> print(out, step)).play();
        return report(out, status, steps, SeedStory.held(steps), "the seed story");
    }

    private int playEmcc(TopologyControl topology, Path runDir, PrintWriter out, Supplier<List<NodeStatus>> status)
            throws IOException {
        out.println();
        boolean sip = SipTools.find("kamailio").isPresent() && SipTools.find("sipp").isPresent();
        if (!sip) {
            out.println("kamailio or sipp is not installed: the calls are checked as cluster-3's routing answers");
        }
        try (SipNetwork network = sip ? SipNetwork.start(topology, List.of(EmccStory.VISITING),
                runDir.resolve("sip-emcc-" + System.currentTimeMillis()), Duration.ofSeconds(60)) : null) {
            List<StepResult> steps = new EmccStory(topology, Optional.ofNullable(network),
                    Duration.ofSeconds(stepTimeoutSeconds), step -> print(out, step)).play();
            return report(out, status, steps, EmccStory.held(steps), "the EMCC story");
        }
    }

    private static void print(PrintWriter out, StepResult step) {
        out.println(step.line());
        out.flush();
    }

    private static int report(PrintWriter out, Supplier<List<NodeStatus>> status, List<StepResult> steps, boolean held,
                              String story) {
        out.println();
        out.println("memory (RSS): " + status.get().stream()
                .map(node -> node.name() + " " + NodeTable.megabytes(node.rssKb()))
                .collect(Collectors.joining(", ")));
        if (held) {
            out.println(story + " held: all " + steps.size() + " steps OK");
            out.flush();
            return 0;
        }
        StepResult failed = steps.get(steps.size() - 1);
        out.printf("%s FAILED at step %d (%s): %s%n", story, failed.number(), failed.title(), failed.outcome());
        out.flush();
        return 1;
    }
}
