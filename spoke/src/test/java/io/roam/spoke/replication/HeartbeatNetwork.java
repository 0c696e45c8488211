package io.roam.spoke.replication;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.events.ClusterHeartbeat;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.MultipleLoginBehavior;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Spokes that send each other a heartbeat every second of simulated time over links that delay
 * each heartbeat as {@link Links} says. Each spoke reads its own wall clock, which may be off
 * true time; the heartbeats carry what each spoke's tracker reports, as the publisher sends them.
 */
final class HeartbeatNetwork {

    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(5);
    static final Duration CLOCK_WINDOW = Duration.ofSeconds(30);

    /** Milliseconds a heartbeat sent at {@code second} (true time, from the start) takes from one spoke to another. */
    interface Links {
        long delayMillis(String from, String to, long second);
    }

    final class Spoke {
        final String id;
        long clockOffsetMillis;
        final OriginTracker tracker;
        final ClockGuard guard;

        Spoke(String id) {
            this.id = id;
            SpokeProperties properties = new SpokeProperties(id, "hub-a", null, "t", false, null, null,
                    new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 5, Duration.ofMinutes(5), false, "", false, true),
                    new SpokeProperties.Replication(Duration.ofSeconds(1), Duration.ofSeconds(10), MAX_CLOCK_SKEW,
                            CLOCK_WINDOW, 500, Duration.ZERO, Duration.ofSeconds(60)));
            tracker = new OriginTracker(new LocalCluster(id, "hub-a"), properties, new SimpleMeterRegistry(), this::now);
            guard = new ClockGuard(tracker, properties);
        }

        long now() {
            return trueTime + clockOffsetMillis;
        }
    }

    private record InFlight(long arrivesAt, Spoke to, Spoke from, ClusterHeartbeat heartbeat) {
    }

    private static final long START = 1_700_000_000_000L;

    final List<Spoke> spokes = new ArrayList<>();
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>(Comparator.comparingLong(InFlight::arrivesAt));
    private final Links links;
    private long trueTime = START;

    HeartbeatNetwork(int size, Links links) {
        this.links = links;
        for (int i = 1; i <= size; i++) {
            spokes.add(new Spoke("cluster-" + i));
        }
    }

    Spoke spoke(int number) {
        return spokes.get(number - 1);
    }

    /** Seconds of true time since the start. */
    long second() {
        return (trueTime - START) / 1000;
    }

    /** Delivers what arrives within the next second, then every spoke sends its heartbeat. */
    void tick() {
        long next = trueTime + 1000;
        while (!inFlight.isEmpty() && inFlight.peek().arrivesAt() <= next) {
            InFlight h = inFlight.poll();
            trueTime = h.arrivesAt();
            h.to().tracker.heartbeat(h.from().id, h.heartbeat(), h.to().now());
        }
        trueTime = next;
        for (Spoke from : spokes) {
            ClusterHeartbeat heartbeat = new ClusterHeartbeat(from.id, 0, from.now(), 0, from.tracker.apparentDelays());
            for (Spoke to : spokes) {
                if (to != from) {
                    inFlight.add(new InFlight(trueTime + links.delayMillis(from.id, to.id, second()), to, from, heartbeat));
                }
            }
        }
    }
}
