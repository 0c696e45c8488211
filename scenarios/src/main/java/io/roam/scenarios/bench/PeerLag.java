package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Progress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figure 1's broker-less peer at each rate of the plan, or why it was not measured: a machine
 * without Kamailio or its dmq modules still gets the rest of the figure.
 *
 * @param notMeasured empty when measured
 */
record PeerLag(Map<Integer, DmqLoad.Result> byRate, String notMeasured) {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    PeerLag {
        byRate = Map.copyOf(byRate);
    }

    static PeerLag notMeasured(String why) {
        return new PeerLag(Map.of(), why);
    }

    boolean measured() {
        return notMeasured.isEmpty();
    }

    /** Starts the peer, warms it up at {@code warmupRate}, runs every rate of the plan and stops it. */
    static PeerLag measure(BenchPlan plan, int warmupRate, Path directory, Progress progress) throws InterruptedException {
        DmqPeer.Installation installation;
        try {
            installation = DmqPeer.locate();
        } catch (IllegalStateException e) {
            progress.say("lag peer not measured: " + e.getMessage());
            return notMeasured(e.getMessage());
        }
        progress.say("lag peer: starting " + DmqPeer.NODES + " Kamailio nodes (dmq_usrloc) in " + directory);
        try (DmqPeer peer = DmqPeer.start(installation, directory, READY_TIMEOUT)) {
            DmqLoad load = new DmqLoad(peer);
            load.run(warmupRate, plan.lagWarmup(), PollPeriod.FINE);
            Map<Integer, DmqLoad.Result> byRate = new LinkedHashMap<>();
            for (int rate : plan.lagRates()) {
                progress.say("lag peer: " + rate + " REGISTERs/s for " + plan.lagDurationAt(rate).toSeconds() + " s");
                byRate.put(rate, load.run(rate, plan.lagDurationAt(rate), PollPeriod.FINE));
            }
            return new PeerLag(byRate, "");
        } catch (Exception e) {
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            progress.say("lag peer not measured: " + e);
            // The first line only: the rest is the failing node's log, which stays in its directory.
            return notMeasured(e.toString().lines().findFirst().orElse("") + " (logs in " + directory + ")");
        }
    }
}
