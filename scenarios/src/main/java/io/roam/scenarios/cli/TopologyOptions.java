package io.roam.scenarios.cli;

import io.roam.scenarios.topology.LaunchSettings;
import io.roam.scenarios.topology.RoamHome;
import io.roam.scenarios.topology.Topology;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The shape of a topology this command starts itself. */
final class TopologyOptions {

    @Option(names = "--hubs", defaultValue = "2", description = "Number of hubs, named hub-a, hub-b, … (default ${DEFAULT-VALUE}).")
    int hubs;

    @Option(names = "--spokes-per-hub", defaultValue = "2",
            description = "Spokes per hub; cluster-1 … cluster-N are given to the hubs in order (default ${DEFAULT-VALUE}).")
    int spokesPerHub;

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "1|3",
            description = "Kafka brokers: 1, or 3 for a KRaft cluster (kafka-1 … kafka-3, each also a controller) whose "
                    + "topics keep 3 copies and acknowledge a write once 2 have it (default ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--free-ports",
            description = "Use free ports instead of the defaults (broker 9092, hub-a 8091 …, cluster-N 8080+N), "
                    + "e.g. beside another running topology.")
    boolean freePorts;

    @Option(names = "--ready-timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "How long each node may take to report healthy (default ${DEFAULT-VALUE}).")
    int readyTimeoutSeconds;

    @Option(names = "--secure",
            description = "Kafka with logins and ACLs: SASL/SCRAM-SHA-512 on the broker, each spoke and hub its own user "
                    + "with a random password, allowed to write only its own topics; no topic is created by writing to it.")
    boolean secure;

    @Option(names = "--hub-delivery", defaultValue = "at-least-once", paramLabel = "transactions|at-least-once",
            description = "How the hubs relay: in Kafka transactions, or at least once with receivers dropping what comes "
                    + "twice (default ${DEFAULT-VALUE}).")
    String hubDelivery;

    Topology topology() {
        return freePorts ? Topology.withFreePorts(hubs, spokesPerHub, brokers) : Topology.defaultLocal(hubs, spokesPerHub, brokers);
    }

    LaunchSettings launchSettings(RoamHome home) {
        return LaunchSettings.from(home).withReadyTimeout(Duration.ofSeconds(readyTimeoutSeconds)).withSecureKafka(secure)
                .withHubDelivery(hubDelivery);
    }
}
