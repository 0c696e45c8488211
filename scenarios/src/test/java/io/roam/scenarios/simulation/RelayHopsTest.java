package io.roam.scenarios.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RelayHopsTest {

    private static final long MS = 1_000_000;

    @Test
    void aCopyFromAnotherHubsFeedSplitsIntoTheOriginHubsSendTheOtherHubsSendAndTheRead() {
        // Wall clock = nano clock, in milliseconds.
        RelayHops hops = new RelayHops(0);
        hops.due(0, 1, 1_000 * MS);
        hops.sentByOriginHub(0, 1, 1_003);
        hops.readFromOtherHub(0, 1, 1_008, 1_010 * MS);
        hops.readFromOtherHub(0, 1, 1_009, 1_014 * MS);

        RelayHops.Stages stages = hops.stages();

        assertThat(stages.copies()).isEqualTo(2);
        assertThat(stages.toOriginHub().summary().max()).isCloseTo(3.0, within(0.01));
        assertThat(stages.betweenHubs().summary().p50()).isCloseTo(5.0, within(0.01));
        assertThat(stages.betweenHubs().summary().max()).isCloseTo(6.0, within(0.01));
        assertThat(stages.toReader().summary().p50()).isCloseTo(2.0, within(0.01));
        assertThat(stages.toReader().summary().max()).isCloseTo(5.0, within(0.01));
    }

    @Test
    void aCopyWhoseMeshCopyWasNotReadIsLeftOut() {
        RelayHops hops = new RelayHops(0);
        hops.due(0, 1, 1_000 * MS);
        hops.readFromOtherHub(0, 1, 1_008, 1_010 * MS);

        assertThat(hops.stages().copies()).isZero();
    }
}
