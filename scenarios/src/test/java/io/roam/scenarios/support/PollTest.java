package io.roam.scenarios.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void returnsTheTimeUntilTheConditionHeld() {
        AtomicInteger calls = new AtomicInteger();
        long since = System.nanoTime();

        Duration elapsed = Poll.until(since, Duration.ofSeconds(5), Duration.ofMillis(5),
                () -> calls.incrementAndGet() < 3 ? List.of("not yet") : List.of());

        assertThat(calls).hasValue(3);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(10)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void timesOutWithWhatWasStillMissing() {
        assertThatThrownBy(() -> Poll.until(System.nanoTime(), Duration.ofMillis(50), Duration.ofMillis(5),
                () -> List.of("cluster-3: routes 1000001 to cluster-1")))
                .isInstanceOf(Poll.NotConverged.class)
                .hasMessage("still not true after 50 ms: cluster-3: routes 1000001 to cluster-1");
    }
}
