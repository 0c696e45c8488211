package io.roam.scenarios.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much of everything a run does: the full run of the issue, or the quick smoke run that
 * goes through every figure with small sizes (its numbers are indicative only).
 */
record BenchPlan(String mode, int lagUsers, List<Integer> lagRates, Duration lagWarmup, Duration lagDuration,
                 List<Integer> loginClients, Duration loginWarmup, Duration loginDuration,
                 Duration lookupProbe, Duration lookupDuration, int inProcessDns, Duration inProcessDuration,
                 int catchUpEvents, int storeEvents) {

    /** The sizes the targets are stated for; a quick run extrapolates to them. */
    static final int TARGET_CATCH_UP_EVENTS = 100_000;
    static final int TARGET_STORE_EVENTS = 1_000_000;

    BenchPlan {
        lagRates = List.copyOf(lagRates);
        loginClients = List.copyOf(loginClients);
    }

    static BenchPlan full() {
        return new BenchPlan("full", 3_000, List.of(100, 500, 2_000), Duration.ofSeconds(5), Duration.ofSeconds(30),
                List.of(1, 4, 16), Duration.ofSeconds(3), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(15), 50_000, Duration.ofSeconds(5),
                TARGET_CATCH_UP_EVENTS, TARGET_STORE_EVENTS);
    }

    static BenchPlan quick() {
        return new BenchPlan("quick", 500, List.of(100, 500), Duration.ofSeconds(2), Duration.ofSeconds(5),
                List.of(1, 4, 16), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 50_000, Duration.ofSeconds(2),
                10_000, 100_000);
    }
}
