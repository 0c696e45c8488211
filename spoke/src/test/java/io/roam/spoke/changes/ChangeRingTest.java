package io.roam.spoke.changes;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The retained changes: what a cursor can still be served, and why it cannot. */
class ChangeRingTest {

    private static final String STORE = "a1b2c3";

    private final ChangeRing ring = new ChangeRing(3, at(0, 0));

    @Test
    void a_cursor_gets_every_change_after_it_even_one_between_changes() throws Exception {
        append(at(5, 1), at(5, 2), at(9, 1));

        assertThat(read(at(0, 0))).containsExactly(at(5, 1), at(5, 2), at(9, 1));
        assertThat(read(at(5, 1))).containsExactly(at(5, 2), at(9, 1));
        assertThat(read(at(7, 0))).containsExactly(at(9, 1));
        assertThat(ring.after(at(9, 1), 10, Duration.ZERO).entries()).isEmpty();
        assertThat(ring.newest()).isEqualTo(at(9, 1));
    }

    @Test
    void a_cursor_whose_next_change_was_dropped_fell_behind_and_one_at_the_floor_did_not() throws Exception {
        append(at(1, 1), at(2, 1), at(3, 1), at(4, 1));

        assertThat(ring.floor()).isEqualTo(at(1, 1));
        assertThat(ring.after(at(0, 0), 10, Duration.ZERO).behind()).isEqualTo(ResetReason.FELL_BEHIND);
        assertThat(read(at(1, 1))).containsExactly(at(2, 1), at(3, 1), at(4, 1));
    }

    @Test
    void a_reader_waits_for_the_next_change() throws Exception {
        Thread writer = new Thread(() -> append(at(1, 1)));
        writer.start();

        assertThat(ring.after(at(0, 0), 10, Duration.ofSeconds(10)).entries()).hasSize(1);
    }

    private void append(Position... positions) {
        ring.append(IntStream.range(0, positions.length)
                .mapToObj(i -> new ChangeRing.Entry(positions[i], new RouteChange(positions[i].toString(),
                        "100000" + i, "u", "cluster-1", "HOME", "sip:x", true, "cluster-1", null, "sip:x")))
                .toList());
    }

    private List<Position> read(Position cursor) throws InterruptedException {
        return ring.after(cursor, 10, Duration.ZERO).entries().stream().map(ChangeRing.Entry::at).toList();
    }

    private static Position at(long index, int ordinal) {
        return new Position(STORE, index, ordinal);
    }
}
