package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.cli.RoamCommand;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.control.ControlServer;
import io.roam.scenarios.topology.RunningTopology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dead hub delays its spokes' updates, in both directions, and loses none of them, even when
 * one of its spokes restarts meanwhile.
 */
@ExtendWith(SharedTopology.class)
class HubOutageIT {

    private static final String PIN = "4321";
    /** Home cluster-1 (hub-a), logs in at cluster-3 (hub-b). */
    private static final String CAROL = "carol";
    private static final String CAROL_DN = "1000002";
    private static final String CAROL_DEVICE = "SEPCA0000000003";
    /** Home and login at cluster-2 (hub-a). */
    private static final String DAVE = "dave";
    private static final String DAVE_DN = "2000002";
    private static final String DAVE_DEVICE = "SEPDA0000000002";

    private RunningTopology topology;

    @AfterEach
    void hubBIsUpAgain() {
        if (topology != null && !topology.isAlive("hub-b")) {
            topology.start("hub-b");
        }
    }

    @Test
    void updatesMadeWhileHubBIsDownArriveOnceItIsBack(RunningTopology topology, ControlServer control) {
        this.topology = topology;
        SpokeClient cluster1 = topology.spoke("cluster-1");
        SpokeClient cluster2 = topology.spoke("cluster-2");
        SpokeClient cluster3 = topology.spoke("cluster-3");
        cluster1.provisionUser(CAROL, PIN, List.of(CAROL_DN), true).requireOk("provision carol");
        cluster2.provisionUser(DAVE, PIN, List.of(DAVE_DN), true).requireOk("provision dave");
        cluster3.configureDevice(CAROL_DEVICE, true).requireOk("carol's device");
        cluster2.configureDevice(DAVE_DEVICE, true).requireOk("dave's device");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> everySpokeRoutes(CAROL_DN, "cluster-1", "HOME"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> everySpokeRoutes(DAVE_DN, "cluster-2", "HOME"));

        assertThat(roam("kill", "hub-b", "--control-port", Integer.toString(control.port()))).isZero();
        assertThat(topology.isAlive("hub-b")).isFalse();

        ApiResponse carolIn = cluster3.login(CAROL_DEVICE, CAROL, PIN);
        ApiResponse daveIn = cluster2.login(DAVE_DEVICE, DAVE, PIN);

        assertThat(carolIn.status()).as("%s", carolIn).isEqualTo(200);
        assertThat(daveIn.status()).as("%s", daveIn).isEqualTo(200);
        // Each side knows its own update at once, and nothing crosses the dead hub.
        assertThat(cluster3.route(CAROL_DN).text("target")).isEqualTo("cluster-3");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster1.route(DAVE_DN).text("reason")).isEqualTo("LOGGED_IN"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertRoutes(cluster1, CAROL_DN, "cluster-1", "HOME");
            assertRoutes(topology.spoke("cluster-4"), DAVE_DN, "cluster-2", "HOME");
        });

        // A spoke restarted behind the dead hub comes up on what it has, and waits for the rest.
        assertThat(roam("stop", "cluster-4", "--control-port", Integer.toString(control.port()))).isZero();
        assertThat(roam("start", "cluster-4", "--control-port", Integer.toString(control.port()))).isZero();
        assertRoutes(topology.spoke("cluster-4"), DAVE_DN, "cluster-2", "HOME");

        assertThat(roam("start", "hub-b", "--control-port", Integer.toString(control.port()))).isZero();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            everySpokeRoutes(CAROL_DN, "cluster-3", "LOGGED_IN");
            everySpokeRoutes(DAVE_DN, "cluster-2", "LOGGED_IN");
        });
        JsonNode hubB = topology.hub("hub-b").status().requireOk("hub-b status");
        assertThat(hubB.path("hubId").asText()).isEqualTo("hub-b");
        assertThat(hubB.path("spokes")).extracting(JsonNode::asText).containsExactly("cluster-3", "cluster-4");
        assertThat(hubB.path("relayed").asLong()).as("records relayed since its restart").isPositive();
    }

    private void everySpokeRoutes(String dn, String target, String reason) {
        topology.clusterIds().forEach(clusterId -> assertRoutes(topology.spoke(clusterId), dn, target, reason));
    }

    private static void assertRoutes(SpokeClient spoke, String dn, String target, String reason) {
        ApiResponse route = spoke.route(dn);
        assertThat(route.status()).as("%s routes %s: %s", spoke.baseUrl(), dn, route).isEqualTo(200);
        assertThat(route.text("target") + " " + route.text("reason")).as("%s routes %s", spoke.baseUrl(), dn)
                .isEqualTo(target + " " + reason);
    }

    private static int roam(String... args) {
        return RoamCommand.commandLine().execute(args);
    }
}
