package io.roam.scenarios.cli;

import io.roam.scenarios.control.TopologyStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roam status}: the nodes of the running {@code roam up}, with pids and memory. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists the nodes of the running `roam up`: address, pid, resident memory (ps rss), log.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ControlOptions control;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TopologyStatus status = control.client().topology();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("roam up (pid %d), run directory %s, started in %.1f s%n", status.launcherPid(), status.runDir(),
                status.startupMs() / 1000.0);
        NodeTable.print(out, status.nodes());
        return 0;
    }
}
