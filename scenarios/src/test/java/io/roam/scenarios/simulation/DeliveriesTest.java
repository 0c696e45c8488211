package io.roam.scenarios.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class DeliveriesTest {

    /** Latencies keep three significant digits: a maximum reads up to 0.1 % high. */
    private static final long MS = 1_000_000L;

    @Test
    void aLoginIsSeenByItsObserverAndThenByAllWhenTheLastOtherClusterReadsIt() {
        Deliveries run = new Deliveries(4);
        run.expect(0, 7, 100 * MS, 2);

        run.copied(0, 7);
        run.received(1, 0, 7, 110 * MS);
        run.received(2, 0, 7, 120 * MS);
        assertThat(run.pending()).isEqualTo(1);
        assertThat(run.all().count()).isZero();
        run.received(3, 0, 7, 150 * MS);

        assertThat(run.pending()).isZero();
        assertThat(run.one().percentileMillis(100)).isCloseTo(20.0, withinPercentage(1));
        assertThat(run.all().percentileMillis(100)).isCloseTo(50.0, withinPercentage(1));
        assertThat(run.copies()).as("one feed record for three readers").isEqualTo(1);
    }

    @Test
    void theObserverMayBeTheLast() {
        Deliveries run = new Deliveries(3);
        run.expect(1, 2, 0, 0);

        run.received(2, 1, 2, 5 * MS);
        run.received(0, 1, 2, 9 * MS);

        assertThat(run.one().percentileMillis(100)).isCloseTo(9.0, withinPercentage(1));
        assertThat(run.all().percentileMillis(100)).isCloseTo(9.0, withinPercentage(1));
    }

    @Test
    void aSecondCopyOrACopyBackToItsOriginIsADuplicateEvenAfterTheLoginArrivedEverywhere() {
        Deliveries run = new Deliveries(2);
        run.expect(0, 2, 0, 1);
        run.received(1, 0, 2, MS);

        run.received(1, 0, 2, 2 * MS);
        run.received(0, 0, 2, 3 * MS);

        assertThat(run.duplicates()).isEqualTo(2);
        assertThat(run.all().count()).isEqualTo(1);
    }

    @Test
    void copiesOfOtherLoginsAreStraysAndTheRunsCountAsCopies() {
        Deliveries run = new Deliveries(3);
        run.expect(0, 2, 0, 1);

        run.copied(0, 3);
        run.received(1, 0, 3, MS);
        run.copied(0, 2);
        run.copied(2, 2);

        assertThat(run.strays()).isEqualTo(2);
        assertThat(run.copies()).isEqualTo(1);
    }

    @Test
    void givingUpCountsWhatIsMissingAtThatTimeAndLaterCopiesChangeNothing() {
        Deliveries run = new Deliveries(3);
        run.expect(0, 2, 0, 1);
        run.expect(1, 2, 0, 2);
        run.expect(2, 2, 0, 0);
        run.received(1, 0, 2, 4 * MS);
        run.received(2, 0, 2, 6 * MS);
        run.received(0, 1, 2, 5 * MS);

        run.giveUp(1000 * MS);
        run.received(2, 1, 2, 2000 * MS);

        assertThat(run.unseen()).isEqualTo(2);
        assertThat(run.pending()).isZero();
        // login 0: seen by all at 6 ms; login 1: its observer (2) missing; login 2: nobody
        assertThat(run.one().count()).isEqualTo(3);
        assertThat(run.one().percentileMillis(100)).isCloseTo(1000.0, withinPercentage(1));
        assertThat(run.all().count()).isEqualTo(3);
        assertThat(run.all().percentileMillis(0)).isCloseTo(6.0, withinPercentage(1));
    }

    @Test
    void theObserverIsAnotherCluster() {
        Deliveries run = new Deliveries(3);

        assertThatThrownBy(() -> run.expect(1, 2, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Deliveries(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
