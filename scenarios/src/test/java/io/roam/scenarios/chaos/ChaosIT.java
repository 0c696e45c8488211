package io.roam.scenarios.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RoamHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short run of {@code roam chaos}: two minutes of EM traffic on 2 hubs x 2 spokes while spokes,
 * hubs and the broker are killed and processes frozen, with a fixed seed; then every check. It runs
 * on a topology of its own, which it stops.
 */
class ChaosIT {

    @Test
    void twoMinutesOfKillsAndFreezesLoseNothingDuplicateNothingAndConverge() throws Exception {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        Path runDir = Files.createTempDirectory(target, "chaos-");
        ChaosSettings settings = ChaosSettings.of(2, 2, Duration.ofMinutes(2), 42, 10, true);

        ChaosReport report = ChaosRun.run(settings, runDir, LaunchSettings.from(RoamHome.locate()), System.out::println);

        report.summary().forEach(System.out::println);
        assertThat(runDir.resolve("chaos-report.json")).isNotEmptyFile();
        assertThat(runDir.resolve("chaos-operations.jsonl")).isNotEmptyFile();
        assertThat(report.operations().acknowledged()).as("acknowledged calls").isGreaterThan(100);
        assertThat(report.faults().byKind()).as("faults").containsKeys(Nemesis.FaultKind.values());
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
