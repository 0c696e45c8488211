package io.roam.spoke.replication;

import io.roam.spoke.SpokeProperties;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * A spoke whose wall clock is off from its peers' would win (or lose) every login race by its
 * clock alone. It refuses new logins instead, while the median offset to the peers it hears
 * from exceeds the configured maximum.
 */
@Component
public class ClockGuard {

    private final OriginTracker origins;
    private final long maxSkewMillis;

    public ClockGuard(OriginTracker origins, SpokeProperties properties) {
        this.origins = origins;
        this.maxSkewMillis = properties.replication().maxClockSkew().toMillis();
    }

    public Optional<String> refusal() {
        List<Long> offsets = origins.freshClockOffsets().stream().sorted().toList();
        if (offsets.isEmpty()) {
            return Optional.empty();
        }
        long median = offsets.get(offsets.size() / 2);
        if (Math.abs(median) > maxSkewMillis) {
            return Optional.of("this cluster's clock is " + (-median) + " ms off its peers (limit " + maxSkewMillis + " ms)");
        }
        return Optional.empty();
    }
}
