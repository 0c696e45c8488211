package io.roam.events;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HybridLogicalClockTest {

    @Property
    void timestamps_strictly_increase_and_never_fall_behind_what_was_observed(
            @ForAll @Size(max = 200) List<@LongRange(min = 0, max = 2_000_000_000_000L) Long> wallReadings,
            @ForAll @Size(max = 200) List<@LongRange(min = 0, max = Long.MAX_VALUE >>> 17) Long> observed) {
        AtomicLong wall = new AtomicLong();
        HybridLogicalClock clock = new HybridLogicalClock(wall::get);
        long previous = Long.MIN_VALUE;
        long maxObserved = Long.MIN_VALUE;
        for (int i = 0; i < Math.max(wallReadings.size(), observed.size()); i++) {
            if (i < wallReadings.size()) {
                wall.set(wallReadings.get(i));
            }
            if (i < observed.size()) {
                clock.observe(observed.get(i));
                maxObserved = Math.max(maxObserved, observed.get(i));
            }
            long t = clock.tick();
            assertThat(t).isGreaterThan(previous).isGreaterThan(maxObserved);
            assertThat(HybridLogicalClock.wallMillis(t)).isGreaterThanOrEqualTo(wall.get());
            previous = t;
        }
    }

    @Property
    void packing_keeps_wall_time_and_counter(@ForAll @LongRange(min = 0, max = 1L << 46) long wall,
                                             @ForAll @LongRange(min = 0, max = 65_535) long counter) {
        long hlc = HybridLogicalClock.pack(wall, counter);
        assertThat(HybridLogicalClock.wallMillis(hlc)).isEqualTo(wall);
        assertThat(HybridLogicalClock.counter(hlc)).isEqualTo(counter);
    }
}
