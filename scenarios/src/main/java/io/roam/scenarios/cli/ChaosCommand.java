package io.roam.scenarios.cli;

import io.roam.scenarios.chaos.ChaosReport;
import io.roam.scenarios.chaos.ChaosRun;
import io.roam.scenarios.chaos.ChaosSettings;
import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RoamHome;
import io.roam.scenarios.topology.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roam chaos}: EM traffic against a topology of its own while processes are killed and frozen. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Starts a topology of its own on free ports, provisions superusers and phones, and runs EM "
                + "logins and logouts at a fixed rate while a seeded nemesis kill -9s spokes, hubs and the broker "
                + "and SIGSTOPs processes. Then heals everything, waits for a quiet network and checks it: one "
                + "directory everywhere, nothing acknowledged lost, nobody at two clusters, every event applied "
                + "exactly once, no dead letters.",
                "Prints a summary, writes a JSON report, and exits 0 only if every check held."})
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--hubs", defaultValue = "2", description = "Number of hubs (default ${DEFAULT-VALUE}).")
    int hubs;

    @Option(names = "--spokes-per-hub", defaultValue = "2", description = "Spokes per hub (default ${DEFAULT-VALUE}).")
    int spokesPerHub;

    @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long load and faults run before the heal: 90s, 2m, 1h or ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the faults and the calls (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "10", paramLabel = "CALLS_PER_SECOND",
            description = "EM logins and logouts per second across all clusters (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "1|3",
            description = "Kafka brokers: 1, or 3 for a KRaft cluster where the broker faults are kill -9 of a partition "
                    + "leader and of the active controller, a freeze past the session timeout and a rolling restart, "
                    + "one broker at a time (default ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--broker-kills", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Whether the nemesis also strikes the Kafka broker(s) (default ${DEFAULT-VALUE}).")
    boolean brokerKills;

    @Option(names = "--secure", description = "SASL/SCRAM and ACLs on the broker, a principal per hub and spoke, "
            + "as roam up --secure.")
    boolean secure;

    @Option(names = "--hub-delivery", defaultValue = "at-least-once", paramLabel = "transactions|at-least-once",
            description = "How the hubs relay: in Kafka transactions, or at least once with receivers dropping what comes "
                    + "twice (default ${DEFAULT-VALUE}).")
    String hubDelivery;

    @Option(names = "--report", paramLabel = "PATH", description = "Where the JSON report goes (default <runDir>/chaos-report.json).")
    Path report;

    @Option(names = "--ready-timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "How long each node may take to report healthy (default ${DEFAULT-VALUE}).")
    int readyTimeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        RoamHome home = RoamHome.locate();
        Path runDir = RunDirectory.createUnder(home.runs());
        ChaosSettings settings = ChaosSettings.of(hubs, spokesPerHub, duration, seed, rate, brokerKills).withReport(report)
                .withBrokers(brokers);
        LaunchSettings launch = LaunchSettings.from(home).withReadyTimeout(Duration.ofSeconds(readyTimeoutSeconds))
                .withSecureKafka(secure).withHubDelivery(hubDelivery);
        ChaosReport result = ChaosRun.run(settings, runDir, launch, line -> {
            out.println(line);
            out.flush();
        });
        out.println();
        result.summary().forEach(out::println);
        out.flush();
        return result.passed() ? 0 : 1;
    }

    /** 90s, 2m, 1h, 500ms, or ISO-8601 (PT2M). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher matcher = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 90s, 2m or PT2M");
            }
        }
    }
}
