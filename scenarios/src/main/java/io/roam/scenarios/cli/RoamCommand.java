package io.roam.scenarios.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code roam}: runs the local topology and plays scenarios on it. */
@Command(name = "roam", mixinStandardHelpOptions = true, version = "roam 0.1.0",
        description = "Runs the roaming directory locally (a Kafka broker, hubs and spokes as separate JVMs) "
                + "and plays scenarios on it.",
        footer = {"", "roam test (handled by the roam script, before Java starts): installs the Debian packages "
                + "the tests need if missing (root for that step only), then runs mvn -B verify."},
        subcommands = {UpCommand.class, DemoCommand.class, SipDemoCommand.class, StatusCommand.class,
                NodeCommand.Kill.class, NodeCommand.Stop.class, NodeCommand.Start.class,
                NodeCommand.Pause.class, NodeCommand.Resume.class, ImportCommand.class, ChaosCommand.class, BenchCommand.class})
public final class RoamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The broker readiness probe's Kafka client logs every connection at INFO: keep the console for results.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling, also for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new RoamCommand()).setExecutionExceptionHandler((e, commandLine, parsed) -> {
            // Expected failures (no roam up, a port in use, a node that did not start) need no stack trace.
            if (e instanceof IllegalStateException || e instanceof IllegalArgumentException
                    || e instanceof UncheckedIOException || e instanceof IOException) {
                commandLine.getErr().println("roam " + commandLine.getCommandName() + ": " + e.getMessage());
            } else {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
    }

    @Override
    public void run() {
        // Named from the subcommands themselves, so that a command added above is never left out.
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
