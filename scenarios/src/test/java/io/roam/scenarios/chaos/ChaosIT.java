package io.roam.scenarios.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.broker.ClusterProbe;
import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RoamHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short run of {@code roam chaos --brokers 3}: 90 seconds of EM traffic on 2 hubs x 2 spokes
 * over a cluster of three brokers, while spokes and hubs are killed and frozen and the brokers meet
 * the cluster's faults one at a time, with a fixed seed; then every check. It runs on a topology of
 * its own, which it stops. (A single broker's death, the whole network without Kafka, is
 * {@link CrashPointsIT}'s.)
 */
class ChaosIT {

    @Test
    void ninetySecondsOfKillsAndFreezesOnAClusterLoseNothingDuplicateNothingAndConverge() throws Exception {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        Path runDir = Files.createTempDirectory(target, "chaos-");
        ChaosSettings settings = ChaosSettings.of(2, 2, Duration.ofSeconds(90), 42, 10, true).withBrokers(3);

        ChaosReport report = ChaosRun.run(settings, runDir, LaunchSettings.from(RoamHome.locate()).withQuickStart(), System.out::println);

        report.summary().forEach(System.out::println);
        assertThat(runDir.resolve("chaos-report.json")).isNotEmptyFile();
        assertThat(runDir.resolve("chaos-operations.jsonl")).isNotEmptyFile();
        assertThat(report.operations().acknowledged()).as("acknowledged calls").isGreaterThan(100);
        assertThat(report.faults().byKind()).as("faults")
                .containsKeys(Nemesis.FaultKind.SPOKE_KILL, Nemesis.FaultKind.HUB_KILL, Nemesis.FaultKind.PAUSE)
                .doesNotContainKey(Nemesis.FaultKind.BROKER_KILL);
        assertThat(report.faults().byKind().keySet()).as("broker faults").anyMatch(Nemesis.FaultKind::onClusterBroker);
        assertThat(report.faults().actions()).as("faults undone").allSatisfy(fault -> assertThat(fault.error()).isNull());
        assertThat(report.topicReplication()).as("what the topics keep")
                .isEqualTo(new ClusterProbe.TopicReplication(report.topicReplication().topics(), 3, 2, false));
        assertThat(report.topicReplication().topics()).as("topics").isGreaterThanOrEqualTo(4 + 2 * 3 + 1);
        assertThat(report.heal().stillOpen()).as("not quiet after the heal").isEmpty();
        assertThat(report.heal().converged()).isTrue();
        Checks checks = report.checks();
        assertThat(checks.violations()).isEmpty();
        assertThat(checks.lost()).as("lost").isZero();
        assertThat(checks.duplicates()).as("duplicates").isZero();
        assertThat(checks.mapDigests()).as("map digests").isEqualTo(1);
        assertThat(checks.mapDifferences()).as("map differences").isZero();
        assertThat(checks.doubleLogins()).as("users at two clusters").isZero();
        assertThat(checks.strandedDevices()).as("stranded devices").isZero();
        assertThat(checks.pendingLogouts()).as("pending logouts").isZero();
        assertThat(checks.deadLetters()).as("dead letters").isZero();
        assertThat(checks.parked()).as("parked").isZero();
        assertThat(checks.unexpectedAnswers()).as("unexpected answers").isZero();
        assertThat(checks.usersModelled()).as("users the model predicts").isGreaterThan(checks.usersSkipped().size());
        assertThat(report.passed()).isTrue();
    }
}
