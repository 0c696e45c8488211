package io.roam.scenarios.cli;

import io.roam.scenarios.control.ControlClient;
import io.roam.scenarios.topology.NodeStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roam kill|stop|start|pause|resume NODE}: asks the running {@code roam up} to act on one of
 * its processes, which stays its child.
 */
abstract class NodeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NODE", description = "kafka, a hub (hub-a, hub-b, …) or a spoke (cluster-1, cluster-2, …)")
    String node;

    @Mixin
    ControlOptions control;

    @Spec
    CommandSpec spec;

    abstract String action();

    abstract String done();

    @Override
    public Integer call() {
        ControlClient client = control.client();
        NodeStatus before = client.topology().nodes().stream().filter(n -> n.name().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named '" + node + "'"));
        long started = System.nanoTime();
        NodeStatus after = client.act(node, action());
        long millis = (System.nanoTime() - started) / 1_000_000;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s in %d ms (pid %s -> %s)%n", node, done(), millis, pidOf(before), pidOf(after));
        out.flush();
        return 0;
    }

    private static String pidOf(NodeStatus status) {
        return status.pid() == null ? "none" : status.pid().toString();
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "kill -9 one node of the running `roam up`.")
    static final class Kill extends NodeCommand {
        @Override
        String action() {
            return "kill";
        }

        @Override
        String done() {
            return "killed";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops one node of the running `roam up` gracefully (SIGTERM, SIGKILL after 30 s).")
    static final class Stop extends NodeCommand {
        @Override
        String action() {
            return "stop";
        }

        @Override
        String done() {
            return "stopped";
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts a stopped or killed node of the running `roam up` again; returns once it is healthy.")
    static final class Start extends NodeCommand {
        @Override
        String action() {
            return "start";
        }

        @Override
        String done() {
            return "started and healthy";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Freezes one node of the running `roam up` (SIGSTOP): it keeps its connections but answers nothing.")
    static final class Pause extends NodeCommand {
        @Override
        String action() {
            return "pause";
        }

        @Override
        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Thaws a paused node (SIGCONT).")
    static final class Resume extends NodeCommand {
        @Override
        String action() {
            return "resume";
        }

        @Override
        String done() {
            return "resumed";
        }
    }
}
