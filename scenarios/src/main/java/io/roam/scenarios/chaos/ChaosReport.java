package io.roam.scenarios.chaos;

import io.roam.scenarios.broker.ClusterProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a chaos run, written as JSON. Times are milliseconds; "at" times count from the
 * start of the run (provisioning done, load and faults about to start).
 *
 * @param topicReplication what the network's topics keep, read from the brokers after the heal
 * @param passed every check held and the network became quiet after the heal
 */
public record ChaosReport(long seed, Shape topology, String runDir, String startedAt, long chaosMillis, double rate,
                          boolean brokerKills, Operations operations, Faults faults, Staleness staleness,
                          RelayGaps relayGaps, ClusterProbe.TopicReplication topicReplication, Heal heal,
                          Checks checks, boolean passed) {

    /** What an operator reads first; the JSON has the detail. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add("chaos run, seed %d: %d broker(s), %d hub(s) x %d spoke(s), %d users, %d phones, %.1f s of chaos at %.1f calls/s".formatted(
                seed, topology.brokers(), topology.hubs(), topology.spokesPerHub(), topology.users(), topology.devices(),
                chaosMillis / 1000.0, rate));
        lines.add("operations     %d: %d acknowledged, %d refused %s, %d unreachable, %d indeterminate".formatted(
                operations.total(), operations.acknowledged(), operations.refused(), operations.refusedByCode(),
                operations.unreachable(), operations.indeterminate()));
        lines.add("faults         %d: %s".formatted(faults.actions().size(), faults.byKind()));
        lines.add("staleness      longest %.1f s (%s, %s)".formatted(staleness.longestMillis() / 1000.0, staleness.cluster(),
                staleness.reason()));
        lines.add("relay gaps     longest %s; during broker faults only %s".formatted(describe(relayGaps.longest()),
                describe(relayGaps.longestDuringBrokerFaults())));
        relayGaps.longestByBrokerFault().forEach(fault -> lines.add("               " + fault));
        lines.add("topics         %d, each with at least %d copies and min.insync.replicas %d, unclean election %s".formatted(
                topicReplication.topics(), topicReplication.fewestCopies(), topicReplication.lowestMinInsync(),
                topicReplication.uncleanElection() ? "ON" : "off"));
        lines.add(heal.converged()
                ? "convergence    quiet %.1f s after the load ended (every node up after %.1f s)".formatted(
                        heal.convergedMillis() / 1000.0, heal.restartMillis() / 1000.0)
                : "convergence    NOT quiet after the heal: " + heal.stillOpen());
        lines.add("model          %d users predicted, %d skipped (indeterminate calls)".formatted(checks.usersModelled(),
                checks.usersSkipped().size()));
        lines.add("lost %d, duplicates %d, map digests %d, map differences %d, double logins %d, stranded devices %d".formatted(
                checks.lost(), checks.duplicates(), checks.mapDigests(), checks.mapDifferences(), checks.doubleLogins(),
                checks.strandedDevices()));
        lines.add("pending logouts %d, dead letters %d, parked %d, unexpected answers %d".formatted(checks.pendingLogouts(),
                checks.deadLetters(), checks.parked(), checks.unexpectedAnswers()));
        checks.violations().forEach(violation -> lines.add("  VIOLATION " + violation));
        lines.add(passed ? "PASSED" : "FAILED (run directory " + runDir + ")");
        return lines;
    }

    private static String describe(RelayGap gap) {
        return gap == null ? "none over 1 s" : "%.1f s at %s (t+%.1f s, during %s)".formatted(gap.millis() / 1000.0,
                gap.cluster(), gap.fromMillis() / 1000.0, gap.faults().isEmpty() ? "no fault" : gap.faults().size() <= 4
                        ? String.join(", ", gap.faults())
                        : String.join(", ", gap.faults().subList(0, 4)) + " and " + (gap.faults().size() - 4) + " more");
    }

    /** @param users superusers in all, each homed at one cluster; devices likewise */
    public record Shape(int brokers, int hubs, int spokesPerHub, List<String> clusters, int users, int devices) {
    }

    /**
     * A time a spoke heard nothing from any origin, heartbeats included.
     *
     * @param faults the faults under way meanwhile, as {@code #number KIND node}
     */
    public record RelayGap(String cluster, long fromMillis, long toMillis, long millis, List<String> faults) {
    }

    /**
     * The longest relay gap of the run, and the longest while brokers were faulted and neither the
     * spoke nor its hub was; null when none lasted over two seconds.
     *
     * @param sampleMillis         the gaps are precise to this
     * @param longestByBrokerFault each broker fault with the longest gap it overlapped at a spoke whose own node and hub were not faulted
     */
    public record RelayGaps(long sampleMillis, RelayGap longest, RelayGap longestDuringBrokerFaults,
                            List<String> longestByBrokerFault, Map<String, Long> longestByCluster) {
    }

    /**
     * @param unreachable  calls whose connection was refused (the spoke was down): not sent
     * @param skippedTicks ticks with nothing to call (no live cluster, or all its phones busy)
     */
    public record Operations(int total, int logins, int logouts, int acknowledged, int refused, int unreachable,
                             int indeterminate, Map<String, Integer> refusedByCode, int skippedTicks) {
    }

    public record Faults(Map<Nemesis.FaultKind, Integer> byKind, List<Nemesis.Fault> actions) {
    }

    /**
     * The longest time one spoke had nothing from one origin ({@code origin} {@code *}: the spoke did not
     * answer), and each spoke's longest such window.
     */
    public record Staleness(long longestMillis, String cluster, String origin, long fromMillis, long toMillis, String reason,
                            Map<String, Long> longestByCluster) {
    }

    /**
     * @param restartMillis   from the end of the load until every node was up and thawed (restarts under way included)
     * @param convergedMillis from the end of the load until the network was quiet; null if it never was
     * @param stillOpen       what was not quiet at the deadline
     */
    public record Heal(long restartMillis, Long convergedMillis, List<String> stillOpen) {

        public boolean converged() {
            return convergedMillis != null;
        }
    }
}
