package io.roam.scenarios.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a chaos run does.
 *
 * @param duration          how long load and faults run before the heal
 * @param seed              decides the faults and the calls (their timing still varies from run to run)
 * @param rate              EM calls per second, across all clusters
 * @param brokers           1, or 3 for a KRaft cluster with its own faults (see {@link Nemesis})
 * @param brokerKills       whether the nemesis also kills the Kafka broker, or the cluster's brokers
 * @param usersPerCluster   superusers homed at each cluster
 * @param devicesPerCluster EM-enabled phones of each cluster
 * @param healTimeout       how long the network may take to become quiet once every node is up again
 * @param report            where the JSON report goes; null for {@code <runDir>/chaos-report.json}
 */
public record ChaosSettings(int brokers, int hubs, int spokesPerHub, Duration duration, long seed, double rate,
                            boolean brokerKills, int usersPerCluster, int devicesPerCluster, Duration healTimeout,
                            Path report) {

    public static final int DEFAULT_USERS_PER_CLUSTER = 6;
    public static final int DEFAULT_DEVICES_PER_CLUSTER = 8;
    public static final Duration DEFAULT_HEAL_TIMEOUT = Duration.ofMinutes(3);

    public ChaosSettings {
        if (rate <= 0 || duration.isNegative()) {
            throw new IllegalArgumentException("need a positive rate and a duration, not " + rate + "/s for " + duration);
        }
    }

    public static ChaosSettings of(int hubs, int spokesPerHub, Duration duration, long seed, double rate, boolean brokerKills) {
        return new ChaosSettings(1, hubs, spokesPerHub, duration, seed, rate, brokerKills, DEFAULT_USERS_PER_CLUSTER,
                DEFAULT_DEVICES_PER_CLUSTER, DEFAULT_HEAL_TIMEOUT, null);
    }

    public ChaosSettings withReport(Path path) {
        return new ChaosSettings(brokers, hubs, spokesPerHub, duration, seed, rate, brokerKills, usersPerCluster,
                devicesPerCluster, healTimeout, path);
    }

    public ChaosSettings withBrokers(int brokers) {
        return new ChaosSettings(brokers, hubs, spokesPerHub, duration, seed, rate, brokerKills, usersPerCluster,
                devicesPerCluster, healTimeout, report);
    }

    Path reportIn(Path runDir) {
        return report != null ? report : runDir.resolve("chaos-report.json");
    }
}
