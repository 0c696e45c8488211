package io.roam.spoke.replication;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Transport delay is not clock skew, and a real skew is found within the clock window. */
class ClockOffsetAcrossSpokesTest {

    private static final long PROMPT = 50;
    private static final long WINDOW_MILLIS = HeartbeatNetwork.CLOCK_WINDOW.toMillis();

    /** The heartbeats that carried the last prompt measurements arrive late: the offset moves, by half the delay at most. */
    @Test
    void seconds_of_delay_both_ways_are_not_skew_however_long_they_last() {
        long delay = 8_000;
        HeartbeatNetwork network = new HeartbeatNetwork(4, (from, to, second) -> second < 10 ? PROMPT : delay);

        for (int second = 0; second < 10 + 3 * WINDOW_MILLIS / 1000; second++) {
            network.tick();
            for (HeartbeatNetwork.Spoke spoke : network.spokes) {
                assertThat(spoke.guard.refusal()).as("%s at second %d", spoke.id, network.second()).isEmpty();
                assertThat(spoke.tracker.freshClockOffsets())
                        .allSatisfy(offset -> assertThat(Math.abs(offset)).isLessThanOrEqualTo(delay / 2));
            }
        }
    }

    /**
     * Whatever the delays, up to a bound each way, an offset is off by at most half that bound
     * once both sides report; before that, by the prompt first delay, measured one way.
     */
    @Property(tries = 100)
    void delays_that_vary_with_every_heartbeat_are_not_skew(@ForAll long seed, @ForAll @IntRange(max = 8_000) int maxDelay) {
        Random random = new Random(seed);
        HeartbeatNetwork network = new HeartbeatNetwork(4,
                (from, to, second) -> second < 2 ? PROMPT : random.nextLong(maxDelay + 1L));

        for (int second = 0; second < 2 * WINDOW_MILLIS / 1000; second++) {
            network.tick();
            for (HeartbeatNetwork.Spoke spoke : network.spokes) {
                assertThat(spoke.guard.refusal()).as("%s at second %d", spoke.id, network.second()).isEmpty();
                assertThat(spoke.tracker.freshClockOffsets())
                        .allSatisfy(offset -> assertThat(Math.abs(offset)).isLessThanOrEqualTo(Math.max(PROMPT, maxDelay / 2 + 1)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {10_000, -10_000})
    void a_clock_that_steps_ten_seconds_is_refused_logins_within_the_window(long step) {
        long delay = 2_000;
        HeartbeatNetwork network = new HeartbeatNetwork(4, (from, to, second) -> delay);
        HeartbeatNetwork.Spoke stepped = network.spoke(1);
        int stepAt = 40;
        // Pre-step samples age out of the far side's window; its report then takes a delay to come back.
        long within = (WINDOW_MILLIS + 2 * delay) / 1000 + 2;

        Long refusedAt = null;
        for (int second = 0; second < stepAt + 3 * WINDOW_MILLIS / 1000; second++) {
            if (second == stepAt) {
                stepped.clockOffsetMillis = step;
            }
            network.tick();
            if (refusedAt == null && stepped.guard.refusal().isPresent()) {
                refusedAt = network.second();
            }
            for (HeartbeatNetwork.Spoke other : network.spokes.subList(1, 4)) {
                assertThat(other.guard.refusal()).as("%s at second %d", other.id, network.second()).isEmpty();
            }
        }

        assertThat(refusedAt).isNotNull().isGreaterThan((long) stepAt).isLessThanOrEqualTo(stepAt + within);
        assertThat(stepped.guard.refusal()).hasValueSatisfying(reason -> assertThat(reason).contains(step + " ms off its peers"));
        assertThat(stepped.tracker.freshClockOffsets()).allSatisfy(offset -> assertThat(offset).isEqualTo(-step));
    }
}
