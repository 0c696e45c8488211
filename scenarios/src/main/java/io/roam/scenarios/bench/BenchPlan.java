package io.roam.scenarios.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much of everything a run does: the full run, or the quick smoke run that
 * goes through every figure with small sizes (its numbers are indicative only).
 *
 * @param lagMinSamples figure 1 runs a low rate for longer than {@code lagDuration} to get this many samples
 * @param importUsers   figure 9a's users, imported with supplied PIN hashes
 * @param importClearUsers figure 9b's users, imported with PINs in clear at the default cost
 */
public record BenchPlan(String mode, int lagUsers, List<Integer> lagRates, Duration lagWarmup, Duration lagDuration,
                 int lagMinSamples, List<Integer> loginClients, Duration loginWarmup, Duration loginDuration,
                 Duration lookupProbe, Duration lookupDuration, int inProcessDns, Duration inProcessDuration,
                 int catchUpEvents, int storeEvents, List<Shape> scaleShapes, List<Integer> scaleRates,
                 Duration scaleIdle, Duration scaleWarmup, Duration scaleDuration, int importUsers, int importClearUsers,
                 Duration importRoutedTimeout) {

    /** The sizes the targets are stated for; a quick run extrapolates to them. */
    static final int TARGET_CATCH_UP_EVENTS = 100_000;
    static final int TARGET_STORE_EVENTS = 1_000_000;

    public BenchPlan {
        lagRates = List.copyOf(lagRates);
        loginClients = List.copyOf(loginClients);
        scaleShapes = List.copyOf(scaleShapes);
        scaleRates = List.copyOf(scaleRates);
    }

    /** How long figure 1 runs at {@code rate}: its duration, or longer where that would give too few samples. */
    Duration lagDurationAt(int rate) {
        return Duration.ofNanos(Math.max(lagDuration.toNanos(), (long) Math.ceil(lagMinSamples * 1e9 / rate)));
    }

    /** Hubs and spokes per hub of a simulated network. */
    record Shape(int hubs, int spokesPerHub) {

        /** The default topology's shape, that every larger one is set against. */
        static final Shape DEFAULT = new Shape(2, 2);

        int clusters() {
            return hubs * spokesPerHub;
        }

        @Override
        public String toString() {
            return hubs + "x" + spokesPerHub;
        }
    }

    public static BenchPlan full() {
        return new BenchPlan("full", 3_000, List.of(1, 10, 100, 500, 2_000), Duration.ofSeconds(5), Duration.ofSeconds(30), 60,
                List.of(1, 4, 16), Duration.ofSeconds(8), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(15), 50_000, Duration.ofSeconds(5),
                TARGET_CATCH_UP_EVENTS, TARGET_STORE_EVENTS,
                List.of(Shape.DEFAULT, new Shape(10, 20)), List.of(20, 100), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 100_000, 10_000, Duration.ofMinutes(15));
    }

    public static BenchPlan quick() {
        return new BenchPlan("quick", 500, List.of(1, 10, 100, 500), Duration.ofSeconds(2), Duration.ofSeconds(5), 10,
                List.of(1, 4, 16), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 50_000, Duration.ofSeconds(2),
                10_000, 100_000,
                List.of(Shape.DEFAULT, new Shape(3, 4)), List.of(100), Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 5_000, 500, Duration.ofMinutes(3));
    }
}
