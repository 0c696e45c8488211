package io.roam.scenarios.topology;

import io.roam.scenarios.broker.KafkaBroker;
import io.roam.scenarios.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the processes of a topology are launched.
 *
 * @param spokeJar         the spoke executable jar
 * @param hubJar           the hub executable jar
 * @param brokerClasspath  a classpath holding kafka_2.13 and its dependencies
 * @param spokeJvmArgs     heap and GC options of each spoke
 * @param hubJvmArgs       heap and GC options of each hub
 * @param brokerJvmArgs    heap and GC options of each Kafka broker
 * @param readyTimeout     how long a start waits for a node to report healthy
 * @param secureKafka      SASL/SCRAM logins and ACLs on the broker, each spoke and hub with its own user
 */
public record LaunchSettings(Path spokeJar, Path hubJar, String brokerClasspath, List<String> spokeJvmArgs,
                             List<String> hubJvmArgs, List<String> brokerJvmArgs, Duration readyTimeout,
                             boolean secureKafka) {

    /** Bounded heaps and the serial collector: the whole topology shares two cores. */
    public static final List<String> SPOKE_JVM_ARGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");
    public static final List<String> HUB_JVM_ARGS = List.of("-Xmx192m", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");
    /** See {@link #withQuickStart()}. */
    public static final List<String> QUICK_START_JVM_ARGS = List.of("-XX:TieredStopAtLevel=1");

    /**
     * Several JVMs starting at once on two cores take far longer than one alone, the more so next to
     * another topology: spokes were seen to need minutes.
     */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(300);

    /** The values of the hubs' {@code roam.hub.delivery}. */
    public static final List<String> HUB_DELIVERIES = List.of("transactions", "at-least-once");

    public LaunchSettings {
        spokeJvmArgs = List.copyOf(spokeJvmArgs);
        hubJvmArgs = List.copyOf(hubJvmArgs);
        brokerJvmArgs = List.copyOf(brokerJvmArgs);
    }

    /** The jars built in this repository, the broker from this JVM's classpath. */
    public static LaunchSettings from(RoamHome home) {
        return new LaunchSettings(home.spokeJar(), home.hubJar(), ChildProcess.currentClasspath(),
                SPOKE_JVM_ARGS, HUB_JVM_ARGS, KafkaBroker.Settings.DEFAULT_JVM_ARGS, DEFAULT_READY_TIMEOUT, false);
    }

    /**
     * Spokes, hubs and brokers that compile with C1 only. A JVM of this size spends about half of its start
     * in the C2 compiler; a test topology wants its nodes up and correct, not at their peak speed.
     * Never for a benchmark.
     */
    public LaunchSettings withQuickStart() {
        return new LaunchSettings(spokeJar, hubJar, brokerClasspath, concat(spokeJvmArgs, QUICK_START_JVM_ARGS),
                concat(hubJvmArgs, QUICK_START_JVM_ARGS), concat(brokerJvmArgs, QUICK_START_JVM_ARGS), readyTimeout,
                secureKafka);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    public LaunchSettings withReadyTimeout(Duration timeout) {
        return new LaunchSettings(spokeJar, hubJar, brokerClasspath, spokeJvmArgs, hubJvmArgs, brokerJvmArgs, timeout,
                secureKafka);
    }

    /** The hubs relay in transactions ({@code transactions}, their default) or {@code at-least-once}. */
    public LaunchSettings withHubDelivery(String delivery) {
        if (!HUB_DELIVERIES.contains(delivery)) {
            throw new IllegalArgumentException("a hub delivers with " + String.join(" or ", HUB_DELIVERIES) + ", not " + delivery);
        }
        return new LaunchSettings(spokeJar, hubJar, brokerClasspath, spokeJvmArgs,
                concat(hubJvmArgs, List.of("-Droam.hub.delivery=" + delivery)), brokerJvmArgs, readyTimeout, secureKafka);
    }

    public LaunchSettings withSecureKafka(boolean secureKafka) {
        return new LaunchSettings(spokeJar, hubJar, brokerClasspath, spokeJvmArgs, hubJvmArgs, brokerJvmArgs,
                readyTimeout, secureKafka);
    }
}
