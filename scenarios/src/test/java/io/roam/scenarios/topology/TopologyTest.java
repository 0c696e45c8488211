package io.roam.scenarios.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void defaultLocalIsTheTopologyOfApiMd() {
        Topology topology = Topology.defaultLocal();

        assertThat(topology.brokers()).containsExactly(new Topology.Broker("kafka", 1, 9092, 9093));
        assertThat(topology.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(topology.replicationFactor()).isEqualTo((short) 1);
        assertThat(topology.minInsyncReplicas()).isEqualTo(1);
        assertThat(topology.hubs()).containsExactly(
                new Topology.Hub("hub-a", 8091, List.of("cluster-1", "cluster-2")),
                new Topology.Hub("hub-b", 8092, List.of("cluster-3", "cluster-4")));
        assertThat(topology.spokes()).extracting(Topology.Spoke::clusterId, Topology.Spoke::hubId, Topology.Spoke::httpPort)
                .containsExactly(
                        tuple("cluster-1", "hub-a", 8081),
                        tuple("cluster-2", "hub-a", 8082),
                        tuple("cluster-3", "hub-b", 8083),
                        tuple("cluster-4", "hub-b", 8084));
        assertThat(topology.nodeNames()).containsExactly("kafka", "hub-a", "hub-b", "cluster-1", "cluster-2", "cluster-3", "cluster-4");
    }

    @Test
    void threeHubsOfThreeSpokesGetTheirClustersInOrder() {
        Topology topology = Topology.defaultLocal(3, 3);

        assertThat(topology.hubs()).extracting(Topology.Hub::id).containsExactly("hub-a", "hub-b", "hub-c");
        assertThat(topology.hub("hub-c").orElseThrow().spokes()).containsExactly("cluster-7", "cluster-8", "cluster-9");
        assertThat(topology.spoke("cluster-9").orElseThrow().httpPort()).isEqualTo(8089);
        assertThat(topology.hub("hub-c").orElseThrow().httpPort()).isEqualTo(8093);
        assertThat(topology.spoke("cluster-5").orElseThrow().routeString()).isEqualTo("sip:cluster-5@127.0.0.1:5065");
    }

    @Test
    void freePortsAreAllDifferentAndNoneIsADefault() {
        Topology topology = Topology.withFreePorts(2, 2);

        assertThat(topology.ports()).doesNotHaveDuplicates().hasSize(8)
                .doesNotContainAnyElementsOf(Topology.defaultLocal().ports());
        assertThat(topology.spokes()).extracting(Topology.Spoke::sipPort).doesNotHaveDuplicates()
                .doesNotContain(5061, 5062, 5063, 5064);
    }

    @Test
    void eachClusterAnnouncesTheLoopbackAddressOfItsOwnSipPort() {
        Topology topology = Topology.withFreePorts(1, 2);
        Topology.Spoke spoke = topology.spoke("cluster-2").orElseThrow();

        assertThat(spoke.routeString()).isEqualTo("sip:cluster-2@127.0.0.1:" + spoke.sipPort());
    }

    @Test
    void aClusterOfThreeBrokersEachAControllerKeepsThreeCopiesAndAcknowledgesOnTwo() {
        Topology topology = Topology.defaultLocal(2, 2, 3);

        assertThat(topology.brokers()).containsExactly(
                new Topology.Broker("kafka-1", 1, 9092, 9093),
                new Topology.Broker("kafka-2", 2, 9094, 9095),
                new Topology.Broker("kafka-3", 3, 9096, 9097));
        assertThat(topology.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096");
        assertThat(topology.replicationFactor()).isEqualTo((short) 3);
        assertThat(topology.minInsyncReplicas()).isEqualTo(2);
        assertThat(topology.nodeNames()).startsWith("kafka-1", "kafka-2", "kafka-3", "hub-a");
        assertThat(Topology.withFreePorts(1, 1, 3).ports()).doesNotHaveDuplicates().hasSize(8);
        assertThatThrownBy(() -> Topology.defaultLocal(2, 2, 2)).hasMessageContaining("need 1 broker, or 3");
    }

    @Test
    void anExtraSpokeIsTheNextClusterListedLastByItsHub() {
        Topology grown = Topology.defaultLocal().withExtraSpoke("hub-a", 8085, 5065);

        assertThat(grown.hub("hub-a").orElseThrow().spokes()).containsExactly("cluster-1", "cluster-2", "cluster-5");
        assertThat(grown.hub("hub-b").orElseThrow().spokes()).containsExactly("cluster-3", "cluster-4");
        assertThat(grown.spoke("cluster-5").orElseThrow())
                .isEqualTo(new Topology.Spoke("cluster-5", "hub-a", 8085, 5065));
        assertThatThrownBy(() -> grown.withExtraSpoke("hub-a", 8081, 5066)).hasMessageContaining("port 8081 is used twice");
        assertThatThrownBy(() -> grown.withExtraSpoke("hub-a", 8086, 5061)).hasMessageContaining("SIP port 5061 is used twice");
    }

    @Test
    void refusesPortsUsedTwiceAndSpokesOfUnknownHubs() {
        // Eleven spokes at 8080 + N reach hub-a's 8091.
        assertThatThrownBy(() -> Topology.defaultLocal(1, 11)).hasMessageContaining("port 8091 is used twice");
        assertThatThrownBy(() -> new Topology(List.of(new Topology.Broker("kafka", 1, 1, 2)), List.of(),
                List.of(new Topology.Spoke("cluster-1", "hub-x", 3, 4))))
                .hasMessageContaining("unknown hub hub-x");
    }
}
