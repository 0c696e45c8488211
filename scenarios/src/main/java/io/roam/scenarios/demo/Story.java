package io.roam.scenarios.demo;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.TopologyControl;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every story shares: numbered steps played in order until one fails, each verified on the
 * spokes by polling and timed from the acknowledged call until all agree.
 */
abstract class Story {

    protected final TopologyControl topology;
    protected final Duration stepTimeout;
    private final Consumer<StepResult> onStep;
    private final List<StepResult> results = new ArrayList<>();
    private String awaitingRestart;

    Story(TopologyControl topology, Duration stepTimeout, Consumer<StepResult> onStep) {
        this.topology = topology;
        this.stepTimeout = stepTimeout;
        this.onStep = onStep;
    }

    /** Thrown by {@link #step} after a failed step: the next ones build on it. */
    static final class StepFailed extends RuntimeException {
        StepFailed() {
            super(null, null, false, false);
        }
    }

    /** A step's body does its call and returns what it measured, or throws to fail the step. */
    interface Body {
        Measured run();
    }

    record Measured(Duration elapsed, String outcome) {
    }

    protected void requireFresh() {
        if (!results.isEmpty()) {
            throw new IllegalStateException("a story is played once; make a new one to play it again");
        }
    }

    protected List<StepResult> results() {
        return List.copyOf(results);
    }

    protected void step(int number, String title, Body body) {
        StepResult result;
        try {
            Measured measured = body.run();
            result = new StepResult(number, title, measured.elapsed(), measured.outcome(), true);
        } catch (Poll.NotConverged | IllegalStateException | UncheckedIOException e) {
            result = new StepResult(number, title, Duration.ZERO, e.getMessage(), false);
        }
        results.add(result);
        onStep.accept(result);
        if (!result.ok()) {
            throw new StepFailed();
        }
    }

    /** Kills the cluster's spoke (kill -9); a story that fails before it brings it back starts it again. */
    protected Measured kill(String clusterId) {
        long started = System.nanoTime();
        awaitingRestart = clusterId;
        topology.kill(clusterId);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (topology.isAlive(clusterId)) {
            throw new IllegalStateException(clusterId + " is still running after kill -9");
        }
        return new Measured(elapsed, "dead in " + StepResult.millis(elapsed));
    }

    /** Starts the killed cluster's spoke again; returns once it is healthy. */
    protected Duration restart(String clusterId) {
        long started = System.nanoTime();
        awaitingRestart = null;
        topology.start(clusterId);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** After a failed step: the cluster the story killed runs again. */
    protected void restartKilled() {
        if (awaitingRestart != null && !topology.isAlive(awaitingRestart)) {
            topology.start(awaitingRestart);
        }
    }

    /** Polls until no spoke among {@code clusters} complains; a spoke that does not answer complains. */
    protected Duration everywhere(long since, List<String> clusters, Function<SpokeClient, Optional<String>> complaint) {
        return Poll.until(since, stepTimeout, Poll.DEFAULT_INTERVAL, () -> complaintsOfAll(clusters, complaint));
    }

    protected List<String> complaintsOfAll(List<String> clusters, Function<SpokeClient, Optional<String>> complaint) {
        List<String> complaints = new ArrayList<>();
        for (String clusterId : clusters) {
            try {
                complaint.apply(topology.spoke(clusterId)).ifPresent(text -> complaints.add(clusterId + ": " + text));
            } catch (UncheckedIOException e) {
                complaints.add(clusterId + ": " + e.getMessage());
            }
        }
        return complaints;
    }

    /** Until every spoke's map digest is the same. */
    protected Measured sameDigest() {
        long started = System.nanoTime();
        Duration elapsed = Poll.until(started, stepTimeout, Poll.DEFAULT_INTERVAL, () -> {
            Map<String, List<String>> clustersByDigest = new TreeMap<>();
            for (String clusterId : topology.clusterIds()) {
                String digest = reach(clusterId, spoke -> spoke.replication().text("mapDigest"));
                clustersByDigest.computeIfAbsent(String.valueOf(digest), d -> new ArrayList<>()).add(clusterId);
            }
            return clustersByDigest.size() == 1 ? List.of() : List.of("map digests differ: " + clustersByDigest);
        });
        return new Measured(elapsed, "same mapDigest on " + topology.clusterIds().size() + " spokes after "
                + StepResult.millis(elapsed));
    }

    private <T> T reach(String clusterId, Function<SpokeClient, T> call) {
        try {
            return call.apply(topology.spoke(clusterId));
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** Complains unless the DN's pending logouts are exactly {@code expected} ("cluster/loginId"). */
    protected static Optional<String> pendingLogouts(SpokeClient spoke, String dn, List<String> expected) {
        ApiResponse answer = spoke.dn(dn);
        List<String> pending = new ArrayList<>();
        answer.body().path("pendingLogouts").forEach(p -> pending.add(p.path("cluster").asText() + "/" + p.path("loginId").asText()));
        return answer.isOk() && pending.equals(expected)
                ? Optional.empty()
                : Optional.of("pending logouts of " + dn + " are " + pending + " (HTTP " + answer.status() + "), not " + expected);
    }
}
