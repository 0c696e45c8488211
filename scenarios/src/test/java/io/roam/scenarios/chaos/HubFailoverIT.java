package io.roam.scenarios.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.RunningTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fail-over beyond ILS: a second instance of hub-a stands by; the active one is killed while logins
 * flow at its spoke, and the standby takes over. The gap is how long cluster-1's events took to reach
 * cluster-2 (on hub-b) at worst around the kill; the session timeout (10 s) bounds it from below.
 */
class HubFailoverIT {

    /** The session timeout, the rebalance and a transaction timeout, with room for a loaded machine. */
    private static final Duration GAP_BOUND = Duration.ofSeconds(60);

    private static RunningTopology topology;
    private static Fleet fleet;

    @BeforeAll
    static void startTopology() throws IOException {
        topology = OwnTopology.start("hub-failover", 2, 1);
        fleet = Fleet.of(topology.clusterIds(), 3, 4);
        fleet.provision(topology::spoke, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void theStandbyTakesOverWhenTheActiveInstanceIsKilledAndNothingIsLost() throws InterruptedException {
        String standby = topology.addStandby("hub-a");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(role("hub-a")).isEqualTo("ACTIVE");
            assertThat(role(standby)).isEqualTo("STANDBY");
        });
        RoamingModel model = new RoamingModel();
        EmCalls calls = new EmCalls(System.nanoTime());
        SpokeClient cluster1 = new SpokeClient(topology.spoke("cluster-1").baseUrl(), SpokeClient.DEFAULT_ADMIN_TOKEN,
                ChaosRun.CALL_TIMEOUT);
        LoadGenerator logins = new LoadGenerator(fleet, model, Map.of("cluster-1", cluster1), "cluster-1"::equals,
                new Random(11), 5, calls, operation -> {
        }, new AtomicLong());
        SequenceWatch watch = new SequenceWatch(topology.spoke("cluster-1"), topology.spoke("cluster-2"), "cluster-1");
        watch.start();
        logins.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> logins.operations().size() >= 20);

        long killedAt = System.nanoTime();
        topology.kill("hub-a");
        await().atMost(GAP_BOUND).untilAsserted(() -> assertThat(role(standby)).isEqualTo("ACTIVE"));
        long takenOver = System.nanoTime();
        int before = logins.operations().size();
        await().atMost(Duration.ofMinutes(1)).until(() -> logins.operations().size() >= before + 20);
        logins.stop(ChaosRun.CALL_TIMEOUT);
        Quiescence.await(topology, System.nanoTime(), OwnTopology.QUIET_TIMEOUT);
        watch.stop();

        Duration gap = watch.longestDelay();
        System.out.printf("hub-a fail-over: standby %s active %.1f s after the kill; longest delay of a cluster-1 event "
                        + "to cluster-2: %.1f s (events published from the kill on: first arrived %.1f s after it)%n",
                standby, (takenOver - killedAt) / 1e9, gap.toMillis() / 1000.0,
                watch.firstArrivalAfter(killedAt).toMillis() / 1000.0);
        assertThat(gap).as("fail-over gap").isLessThan(GAP_BOUND);

        // The killed instance comes back as the standby: it joined last.
        topology.start("hub-a");
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(role("hub-a")).isEqualTo("STANDBY"));
        assertThat(role(standby)).isEqualTo("ACTIVE");
        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
    }

    private static String role(String hubNode) {
        return topology.hub(hubNode).status().requireOk(hubNode + " status").path("role").asText();
    }

    /**
     * Samples, ten times a second, the origin's published sequence and how far the watcher has
     * applied it: each sequence's delay is from the first sample that saw it published to the first
     * that saw it applied.
     */
    private static final class SequenceWatch {

        private record Sample(long nanos, long published, long applied) {
        }

        private final SpokeClient origin;
        private final SpokeClient watcher;
        private final String originId;
        private final List<Sample> samples = new ArrayList<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

        SequenceWatch(SpokeClient origin, SpokeClient watcher, String originId) {
            this.origin = origin;
            this.watcher = watcher;
            this.originId = originId;
        }

        void start() {
            sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
        }

        /** Once a sample shows everything published applied: an event published late is measured, not lost. */
        void stop() throws InterruptedException {
            await().atMost(Duration.ofSeconds(30)).until(this::caughtUp);
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }

        private synchronized boolean caughtUp() {
            Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            return last != null && last.applied() >= last.published();
        }

        private void sample() {
            try {
                long published = origin.replication().requireOk("origin").path("publishedSeq").asLong();
                long applied = 0;
                for (JsonNode status : watcher.replication().requireOk("watcher").path("origins")) {
                    if (status.path("origin").asText().equals(originId)) {
                        applied = status.path("lastSeq").asLong();
                    }
                }
                synchronized (this) {
                    samples.add(new Sample(System.nanoTime(), published, applied));
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                // A missed sample only coarsens the measure.
            }
        }

        synchronized Duration longestDelay() {
            long longest = 0;
            long last = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).published();
            for (long seq = 1; seq <= last; seq++) {
                longest = Math.max(longest, arrival(seq) - publication(seq));
            }
            return Duration.ofNanos(longest);
        }

        /** From {@code since} until the first sequence published after it was applied. */
        synchronized Duration firstArrivalAfter(long since) {
            long seq = samples.stream().filter(sample -> sample.nanos() >= since).findFirst()
                    .map(sample -> sample.published() + 1).orElseThrow();
            return Duration.ofNanos(arrival(seq) - since);
        }

        private long publication(long seq) {
            return samples.stream().filter(sample -> sample.published() >= seq).findFirst().orElseThrow().nanos();
        }

        private long arrival(long seq) {
            return samples.stream().filter(sample -> sample.applied() >= seq).findFirst()
                    .orElseThrow(() -> new IllegalStateException("sequence " + seq + " never arrived")).nanos();
        }
    }
}
