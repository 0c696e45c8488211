package io.roam.spoke.replication;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each origin's records are taken in sequence: duplicates dropped, a gap waited for and never skipped. */
class SequenceGapsTest {

    private final SequenceGaps<String> gaps = new SequenceGaps<>();

    @Test
    void the_next_record_is_in_turn_at_once() {
        SequenceGaps.Arrival<String> arrival = gaps.arrive("cluster-2", 1, 0, "one");

        assertThat(arrival.duplicate()).isFalse();
        assertThat(arrival.inTurn()).containsExactly("one");
        assertThat(gaps.held()).isEmpty();
    }

    @Test
    void a_record_already_reached_is_a_duplicate_and_is_not_held() {
        assertThat(gaps.arrive("cluster-2", 3, 3, "three again").duplicate()).isTrue();
        assertThat(gaps.arrive("cluster-2", 2, 3, "two again").inTurn()).isEmpty();
        assertThat(gaps.held()).isEmpty();
    }

    @Test
    void a_record_ahead_of_a_gap_is_held_until_the_gap_closes_then_follows_in_order() {
        SequenceGaps.Arrival<String> early = gaps.arrive("cluster-2", 3, 1, "three");
        gaps.arrive("cluster-2", 4, 1, "four");

        assertThat(early.duplicate()).isFalse();
        assertThat(early.inTurn()).isEmpty();
        assertThat(gaps.held()).containsExactlyInAnyOrder("three", "four");

        assertThat(gaps.arrive("cluster-2", 2, 1, "two").inTurn()).containsExactly("two", "three", "four");
        assertThat(gaps.held()).isEmpty();
    }

    @Test
    void held_records_stop_at_the_next_gap() {
        gaps.arrive("cluster-2", 3, 1, "three");
        gaps.arrive("cluster-2", 5, 1, "five");

        assertThat(gaps.arrive("cluster-2", 2, 1, "two").inTurn()).containsExactly("two", "three");
        assertThat(gaps.held()).containsExactly("five");
    }

    @Test
    void held_records_already_passed_are_dropped_when_the_origin_moves_on() {
        gaps.arrive("cluster-2", 3, 1, "three");
        gaps.arrive("cluster-2", 6, 1, "six");

        assertThat(gaps.arrive("cluster-2", 5, 4, "five").inTurn()).containsExactly("five", "six");
        assertThat(gaps.held()).isEmpty();
    }

    @Test
    void origins_wait_for_their_own_gaps_only() {
        gaps.arrive("cluster-2", 3, 1, "2:three");

        assertThat(gaps.arrive("cluster-3", 2, 1, "3:two").inTurn()).containsExactly("3:two");
        assertThat(gaps.held()).containsExactly("2:three");
    }

    @Test
    void an_origins_held_records_can_be_taken_out_in_order_leaving_other_origins_held() {
        gaps.arrive("cluster-2", 5, 1, "2:five");
        gaps.arrive("cluster-2", 3, 1, "2:three");
        gaps.arrive("cluster-3", 3, 1, "3:three");

        assertThat(gaps.release("cluster-2")).containsExactly("2:three", "2:five");
        assertThat(gaps.held()).containsExactly("3:three");
        assertThat(gaps.arrive("cluster-2", 2, 1, "2:two").inTurn()).containsExactly("2:two");
    }

    @Test
    void forgotten_records_are_no_longer_held() {
        gaps.arrive("cluster-2", 3, 1, "three");

        gaps.forget();

        assertThat(gaps.held()).isEmpty();
        assertThat(gaps.arrive("cluster-2", 2, 1, "two").inTurn()).containsExactly("two");
    }
}
