package io.roam.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedRateSchedulerTest {

    /** A clock that only moves when the scheduler sleeps, or when a dispatch takes time. */
    private static final class FakeTicker implements FixedRateScheduler.Ticker {
        long now = 1_000;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadlineNanos) {
            sleeps.add(deadlineNanos);
            now = Math.max(now, deadlineNanos);
        }
    }

    @Test
    void dueTimesFollowTheRateFromTheStart() {
        FakeTicker ticker = new FakeTicker();
        List<Long> due = new ArrayList<>();

        long calls = new FixedRateScheduler(ticker).run(4, Duration.ofSeconds(1), due::add);

        assertThat(calls).isEqualTo(4);
        assertThat(due).containsExactly(1_000L, 250_001_000L, 500_001_000L, 750_001_000L);
    }

    @Test
    void aSlowDispatchNeitherSkipsNorShiftsLaterCalls() {
        FakeTicker ticker = new FakeTicker();
        List<Long> due = new ArrayList<>();

        new FixedRateScheduler(ticker).run(10, Duration.ofSeconds(1), d -> {
            due.add(d);
            if (due.size() == 2) {
                ticker.now += 450_000_000L; // the second hand-over stalls for 4.5 periods
            }
        });

        assertThat(due).hasSize(10);
        for (int i = 0; i < due.size(); i++) {
            assertThat(due.get(i)).isEqualTo(1_000L + i * 100_000_000L);
        }
        // The overdue calls go at once: no sleep for the calls due during the stall.
        assertThat(ticker.sleeps).doesNotContain(1_000L + 2 * 100_000_000L, 1_000L + 5 * 100_000_000L);
    }

    @Test
    void callCountIsRateTimesDuration() {
        assertThat(FixedRateScheduler.callCount(500, Duration.ofSeconds(30))).isEqualTo(15_000);
        assertThat(FixedRateScheduler.callCount(2_000, Duration.ofMillis(1_500))).isEqualTo(3_000);
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new FixedRateScheduler().run(0, Duration.ofSeconds(1), d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
