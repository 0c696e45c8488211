package io.roam.scenarios.cli;

import io.roam.scenarios.demo.SeedStory;
import io.roam.scenarios.demo.StepResult;
import io.roam.scenarios.topology.NodeStatus;
import io.roam.scenarios.topology.TopologyControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roam demo}: the seed story, on the running {@code roam up} or on a topology of its own. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Plays the seed story: bob roams from cluster-1 to cluster-2 while cluster-1 is down, "
                + "and cluster-1 logs him out when it returns.",
                "Runs on the running `roam up` if there is one, otherwise starts the default topology, plays, "
                        + "and stops it. Prints each step with the time until every cluster saw it; "
                        + "exits 0 only if every step held."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ControlOptions control;

    @Mixin
    TopologyOptions options;

    @Option(names = "--step-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long a step may take to be seen by every cluster (default ${DEFAULT-VALUE}).")
    int stepTimeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        return OnTopology.play(control, options, out, "playing", (topology, runDir, status) -> play(topology, out, status));
    }

    private int play(TopologyControl topology, PrintWriter out, Supplier<List<NodeStatus>> status) {
        out.println();
        List<StepResult> steps = new SeedStory(topology, Duration.ofSeconds(stepTimeoutSeconds), step -> {
            out.println(step.line());
            out.flush();
        }).play();
        out.println();
        out.println("memory (RSS): " + status.get().stream()
                .map(node -> node.name() + " " + NodeTable.megabytes(node.rssKb()))
                .collect(Collectors.joining(", ")));
        if (SeedStory.held(steps)) {
            out.println("the seed story held: all 6 steps OK");
            out.flush();
            return 0;
        }
        StepResult failed = steps.get(steps.size() - 1);
        out.printf("the seed story FAILED at step %d (%s): %s%n", failed.number(), failed.title(), failed.outcome());
        out.flush();
        return 1;
    }
}
