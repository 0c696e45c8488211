package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.demo.StepResult;
import io.roam.scenarios.sip.CallCheck;
import io.roam.scenarios.sip.SeedCalls;
import io.roam.scenarios.sip.SipLoad;
import io.roam.scenarios.sip.SipNetwork;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real calls through Kamailio: cluster-3's proxy asks its own spoke where a DN's user is and relays
 * to that cluster's phones (a SIPp UAS per cluster, on the port of the cluster's route string).
 * Which phones answered is read from SIPp, never from the proxy.
 */
@ExtendWith(SharedTopology.class)
class SipCallsIT {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static SipNetwork network;

    @BeforeAll
    static void startPhonesAndProxy(RunningTopology topology) throws IOException {
        network = SipNetwork.start(topology, List.of(SeedCalls.DIALING), topology.runDir().resolve("sip"), READY_TIMEOUT);
    }

    @AfterAll
    static void stopThem() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void everyClusterAnnouncesTheRouteStringOfItsOwnPhones(RunningTopology topology) {
        Map<String, String> announced = new HashMap<>();
        topology.spoke(SeedCalls.DIALING).clusters().body()
                .forEach(cluster -> announced.put(cluster.path("cluster").asText(), cluster.path("routeString").asText()));

        for (Topology.Spoke spoke : topology.topology().spokes()) {
            assertThat(announced.get(spoke.clusterId())).as(spoke.clusterId())
                    .isEqualTo("sip:" + spoke.clusterId() + "@127.0.0.1:" + spoke.sipPort());
            assertThat(network.phones().get(spoke.clusterId()).port()).as(spoke.clusterId()).isEqualTo(spoke.sipPort());
        }
    }

    @Test
    void callsToBobFollowHimAcrossClustersAndFailSafe(RunningTopology topology) {
        SeedCalls.Outcome outcome = new SeedCalls(topology, network, STEP_TIMEOUT, System.out::println).play();

        assertThat(outcome.steps()).allSatisfy(step -> assertThat(step.ok()).as(step.line()).isTrue());
        assertThat(outcome.steps()).extracting(StepResult::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(outcome.calls()).extracting(CallCheck::expected).containsExactly(
                "answered at cluster-1", "answered at cluster-2", "answered at cluster-2", "404", "503");
        assertThat(outcome.calls()).allSatisfy(call -> assertThat(call.held()).as(call.line()).isTrue());
        assertThat(outcome.held()).isTrue();
        assertThat(topology.isAlive(SeedCalls.DIALING)).isTrue();
    }

    @Test
    void callsWhileUsersRoamLandWhereTheDirectorySaid(RunningTopology topology) throws IOException {
        // A specification, not a measurement (roam bench --only sip is): a rate two busy cores sustain beside
        // the topology, and a wide window, for replication may take seconds there.
        SipLoad.Settings settings = new SipLoad.Settings(20, Duration.ofSeconds(10), 8, Duration.ofMillis(500),
                Duration.ofSeconds(3), Duration.ofSeconds(5), 1, 7);

        SipLoad.Result result = new SipLoad(topology, network, SeedCalls.DIALING, settings, System.out::println).run();
        result.lines().forEach(System.out::println);

        assertThat(result.placed()).isEqualTo(200);
        // A call can die of a 10 s stall of a starved process on two overloaded cores; one in a hundred at most.
        assertThat(result.failed()).as("calls SIPp did not finish").isLessThanOrEqualTo(result.placed() / 100);
        assertThat(result.refused()).as("calls the proxy refused").isZero();
        assertThat(result.moves()).as("logins that moved users").isPositive();
        assertThat(result.misrouted()).as("calls that landed where the directory did not say").isZero();
        assertThat(result.asDirectory()).isPositive();
        assertThat(result.answeredBy().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(result.asDirectory() + result.inWindow());
        // The phones' own statistics saw every answered call where the caller saw it answered, and no others
        // beyond those the caller did not finish.
        assertThat(result.phonesCounted()).allSatisfy((cluster, calls) ->
                assertThat(calls).as(cluster).isGreaterThanOrEqualTo(result.answeredBy().getOrDefault(cluster, 0L)));
        assertThat(result.phonesCounted().values().stream().mapToLong(Long::longValue).sum())
                .isLessThanOrEqualTo(result.asDirectory() + result.inWindow() + result.failed());
        // The overhead runs measure; the roaming run above is the specification.
        assertThat(result.withLookup().calls()).as("answered with the lookup").isPositive();
        assertThat(result.withoutLookup().calls()).as("answered without it").isPositive();
    }
}
