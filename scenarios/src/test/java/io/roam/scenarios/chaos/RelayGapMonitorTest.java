package io.roam.scenarios.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.chaos.Nemesis.FaultKind;
import io.roam.scenarios.topology.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which relay gaps a broker fault is charged with: none where the spoke or its own hub was down as well. */
class RelayGapMonitorTest {

    private final Topology topology = Topology.defaultLocal(2, 2, 3);

    @Test
    void aGapDuringABrokerFaultAloneIsTheBrokersAndListedUnderThatFault() {
        List<Nemesis.Fault> faults = List.of(fault(1, FaultKind.LEADER_KILL, "kafka-2", 10_000, 30_000),
                fault(2, FaultKind.CONTROLLER_KILL, "kafka-1", 60_000, 70_000));
        List<RelayGapMonitor.Gap> gaps = List.of(new RelayGapMonitor.Gap("cluster-1", 12_000, 19_500),
                new RelayGapMonitor.Gap("cluster-3", 11_000, 14_000));

        ChaosReport.RelayGaps summary = RelayGapMonitor.summarize(gaps, faults, topology, 100_000);

        assertThat(summary.longest().millis()).isEqualTo(7_500);
        assertThat(summary.longestDuringBrokerFaults().cluster()).isEqualTo("cluster-1");
        assertThat(summary.longestDuringBrokerFaults().faults()).containsExactly("#1 LEADER_KILL kafka-2");
        assertThat(summary.longestByBrokerFault()).containsExactly("#1 LEADER_KILL kafka-2: 7.5 s at cluster-1",
                "#2 CONTROLLER_KILL kafka-1: no gap over 2 s");
        assertThat(summary.longestByCluster()).containsEntry("cluster-1", 7_500L).containsEntry("cluster-3", 3_000L);
    }

    @Test
    void aGapWhileTheSpokesOwnHubOrItselfWasDownIsNotChargedToTheBrokers() {
        List<Nemesis.Fault> faults = List.of(fault(1, FaultKind.BROKER_FREEZE, "kafka-3", 0, 50_000),
                fault(2, FaultKind.HUB_KILL, "hub-a", 5_000, 40_000),
                fault(3, FaultKind.PAUSE, "cluster-3", 5_000, 9_000),
                fault(4, FaultKind.HUB_KILL, "hub-b", 20_000, null));
        List<RelayGapMonitor.Gap> gaps = List.of(new RelayGapMonitor.Gap("cluster-2", 6_000, 30_000),
                new RelayGapMonitor.Gap("cluster-3", 6_000, 8_000),
                new RelayGapMonitor.Gap("cluster-1", 41_000, 43_000));

        ChaosReport.RelayGaps summary = RelayGapMonitor.summarize(gaps, faults, topology, 45_000);

        assertThat(summary.longest().cluster()).as("hub-a's spoke, during hub-a's death").isEqualTo("cluster-2");
        assertThat(summary.longestDuringBrokerFaults().cluster())
                .as("cluster-1 after its hub came back; a fault of hub-b, not its hub, does not count")
                .isEqualTo("cluster-1");
        assertThat(summary.longestDuringBrokerFaults().millis()).isEqualTo(2_000);
    }

    private static Nemesis.Fault fault(int number, FaultKind kind, String node, long at, Integer recoveredAt) {
        return new Nemesis.Fault(number, kind, node, at, 0, recoveredAt == null ? null : recoveredAt.longValue(), null,
                "nemesis", null);
    }
}
