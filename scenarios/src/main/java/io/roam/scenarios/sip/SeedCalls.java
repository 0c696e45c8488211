package io.roam.scenarios.sip;

import io.roam.scenarios.demo.SeedStory;
import io.roam.scenarios.demo.StepResult;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.TopologyControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The seed story with real calls: a caller at cluster-3's proxy calls Bob's DN after the steps
 * that move him (figure 2 of the seed), then an unknown DN, then Bob while cluster-3's own spoke
 * is frozen. Which cluster answered is read from SIPp: the answer's Contact at the caller and the
 * phones' own call counters, never from the proxy.
 */
public final class SeedCalls {

    /** The cluster whose proxy places every call: it is neither Bob's first nor his second cluster. */
    public static final String DIALING = "cluster-3";
    public static final String UNKNOWN_DN = "9999999";
    private static final Duration COUNTED_TIMEOUT = Duration.ofSeconds(5);
    /** Longer than the phones' statistics interval: counts unchanged this long include every earlier call. */
    private static final Duration SETTLED = Duration.ofMillis(1_200);

    /** @param steps the story's steps as played; @param calls the calls placed along it */
    public record Outcome(List<StepResult> steps, List<CallCheck> calls) {

        public Outcome {
            steps = List.copyOf(steps);
            calls = List.copyOf(calls);
        }

        /** The story held and each of its five calls went where it should. */
        public boolean held() {
            return SeedStory.held(steps) && calls.size() == 5 && calls.stream().allMatch(CallCheck::held);
        }
    }

    private final TopologyControl topology;
    private final SipNetwork network;
    private final Duration stepTimeout;
    private final Consumer<String> out;
    private final List<CallCheck> calls = new ArrayList<>();

    /** @param out told each step and each call as a line, as soon as it is played */
    public SeedCalls(TopologyControl topology, SipNetwork network, Duration stepTimeout, Consumer<String> out) {
        this.topology = topology;
        this.network = network;
        this.stepTimeout = stepTimeout;
        this.out = out;
    }

    public Outcome play() {
        String bob = SeedStory.BOB.dn();
        List<StepResult> steps = new SeedStory(topology, stepTimeout, step -> {
            out.accept(step.line());
            if (!step.ok()) {
                return;
            }
            switch (step.number()) {
                case 2 -> check("bob (" + bob + ") at cluster-1", "answered at cluster-1",
                        title -> answered(title, bob, "cluster-1"));
                case 4 -> check("bob roamed to cluster-2, cluster-1 down", "answered at cluster-2",
                        title -> answered(title, bob, "cluster-2"));
                case 6 -> check("cluster-1 back, logged bob out", "answered at cluster-2",
                        title -> answered(title, bob, "cluster-2"));
                default -> { }
            }
        }).play();
        if (SeedStory.held(steps)) {
            check("unknown DN " + UNKNOWN_DN, "404", title -> refused(title, UNKNOWN_DN, 404));
            topology.pause(DIALING);
            try {
                awaitCacheStale();
                check("bob while " + DIALING + "'s spoke is frozen and its proxy's cache stale", "503",
                        title -> refused(title, bob, 503));
            } finally {
                topology.resume(DIALING);
            }
        }
        return new Outcome(steps, calls);
    }

    /**
     * The proxy routes on its cache's last answers until the feed's heartbeats have been missing for
     * longer than it trusts them; its clock counts whole seconds, hence the second more.
     */
    private static void awaitCacheStale() {
        try {
            Thread.sleep((KamailioProxy.CACHE_STALE_SECONDS + 1) * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A call that could not be placed fails its check, not the story: a step may have a cluster to restart. */
    private void check(String title, String expected, Function<String, CallCheck> call) {
        CallCheck result;
        try {
            result = call.apply(title);
        } catch (RuntimeException e) {
            result = new CallCheck(title, expected, "not placed: " + e.getMessage(), false);
        }
        calls.add(result);
        out.accept(result.line());
    }

    /** A call that must be answered by {@code cluster}'s phones, by the caller's and the phones' own account. */
    private CallCheck answered(String title, String dn, String cluster) {
        Map<String, Long> before = settledCounts();
        SipCall call = network.call(DIALING, dn);
        String expected = "answered at " + cluster;
        if (!call.answered()) {
            return new CallCheck(title, expected, "refused with " + call.status(), false);
        }
        Optional<String> byContact = call.answeringPort().stream().boxed().findFirst().flatMap(network::clusterAt);
        List<String> counted = new ArrayList<>();
        try {
            Poll.until(System.nanoTime(), COUNTED_TIMEOUT, Duration.ofMillis(100), () -> {
                counted.clear();
                network.incomingCalls().forEach((id, calls) -> {
                    if (calls > before.get(id)) {
                        counted.add(id);
                    }
                });
                return counted.isEmpty() ? List.of("no phones counted the call yet") : List.of();
            });
        } catch (Poll.NotConverged e) {
            return new CallCheck(title, expected, "answered by " + byContact.orElse("?") + " but no phones counted it", false);
        }
        boolean held = byContact.equals(Optional.of(cluster)) && counted.equals(List.of(cluster));
        return new CallCheck(title, expected, "answered at " + byContact.orElse("port " + call.answeringPort())
                + " (phones counting it: " + String.join(", ", counted) + ") in " + call.setup().toMillis() + " ms", held);
    }

    /**
     * The phones' counts once no earlier call is still to be counted: the statistics are written
     * once a second, so a call answered just before would otherwise count as this one.
     */
    private Map<String, Long> settledCounts() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(network.incomingCalls());
        AtomicLong changedAt = new AtomicLong(System.nanoTime());
        try {
            Poll.until(System.nanoTime(), COUNTED_TIMEOUT.plus(SETTLED), Duration.ofMillis(100), () -> {
                Map<String, Long> now = network.incomingCalls();
                if (!now.equals(last.get())) {
                    last.set(now);
                    changedAt.set(System.nanoTime());
                }
                return System.nanoTime() - changedAt.get() >= SETTLED.toNanos() ? List.of() : List.of("phones still counting");
            });
        } catch (Poll.NotConverged e) {
            // calls kept arriving from elsewhere: take the latest counts, and let the check say what it saw
        }
        return last.get();
    }

    private CallCheck refused(String title, String dn, int status) {
        SipCall call = network.call(DIALING, dn);
        String observed = call.answered()
                ? "answered at " + call.answeringPort().stream().boxed().findFirst().flatMap(network::clusterAt).orElse("?")
                : call.status() + " in " + call.setup().toMillis() + " ms";
        return new CallCheck(title, Integer.toString(status), observed, call.status() == status);
    }
}
