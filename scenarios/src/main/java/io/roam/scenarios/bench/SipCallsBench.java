package io.roam.scenarios.bench;

import io.roam.scenarios.sip.SeedCalls;
import io.roam.scenarios.sip.SipLoad;
import io.roam.scenarios.sip.SipNetwork;
import io.roam.scenarios.topology.RunningTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * Figures 8 and 8b (the {@code sip} group): real calls through cluster-3's Kamailio at a fixed rate
 * while users roam, where they landed, and the call-setup time the routing (the proxy's cache, or
 * the directory lookup when the cache cannot answer) adds.
 */
final class SipCallsBench {

    static final String ID = "sip";
    static final String TITLE = "8. Calls through Kamailio while users roam";
    static final String OVERHEAD_ID = "sip-overhead";
    static final String OVERHEAD_TITLE = "8b. Call setup time the routing adds";
    static final String TARGET = "no call lands at a cluster the directory did not name (outside the replication window)";

    private SipCallsBench() {
    }

    static List<Figure> run(BenchPlan plan, RunningTopology topology, Path runDir, Progress progress)
            throws IOException, InterruptedException {
        SipLoad.Settings settings = "quick".equals(plan.mode())
                ? SipLoad.Settings.of(50, Duration.ofSeconds(5))
                : SipLoad.Settings.of(200, Duration.ofSeconds(30));
        try (SipNetwork network = SipNetwork.start(topology, List.of(SeedCalls.DIALING), runDir.resolve("sip"),
                Duration.ofSeconds(60))) {
            SipLoad.Result result = new SipLoad(topology, network, SeedCalls.DIALING, settings, progress::say).run();
            result.lines().forEach(progress::say);
            CacheFreshness.Result freshness = CacheFreshness.run(topology, network.proxy(SeedCalls.DIALING), SeedCalls.DIALING,
                    settings.roamers(), "quick".equals(plan.mode()) ? 20 : 100, progress);
            return List.of(landings(result), overhead(result), CacheFreshness.figure(freshness, SeedCalls.DIALING));
        }
    }

    private static Figure landings(SipLoad.Result r) {
        Figure.Builder figure = Figure.builder(ID, TITLE, "cluster", "answered (caller)", "reached (phones' statistics)");
        for (String cluster : new TreeSet<>(r.phonesCounted().keySet())) {
            figure.row(cluster, r.answeredBy().getOrDefault(cluster, 0L), r.phonesCounted().get(cluster));
        }
        return figure
                .row("answered by the proxy itself (404, 408, 503, …)", r.refused(), null)
                .row("failed (no final response)", r.failed(), null)
                .row("landed where the directory said", r.asDirectory(), null)
                .row("within " + r.settings().window().toMillis() + " ms of a move (either cluster)", r.inWindow(), null)
                .row("misrouted", r.misrouted(), null)
                .note(String.join(". ", r.lines().get(0), "SIPp calls the roamers' DNs in turn (INVITE, 200, ACK, BYE) through "
                        + r.dialing() + "'s Kamailio, which takes each DN's route string from its routing cache (kept by a route "
                        + "cache feeder from " + r.dialing() + "'s change feed; a DN it does not hold is asked of the spoke, "
                        + "GET /api/v1/route, in an async worker) and relays there, where a SIPp UAS stands for its phones."))
                .note("A call is checked against the logins the bench acknowledged: it must land where the last one put the "
                        + "user when its INVITE left, unless one was under way or acknowledged less than the window before at "
                        + "any time between the INVITE and its answer (the proxy routed somewhere in between).")
                .target(TargetCheck.of(TARGET, r.misrouted() + " misrouted of " + (r.asDirectory() + r.inWindow() + r.misrouted()),
                        r.misrouted() == 0))
                .build();
    }

    private static Figure overhead(SipLoad.Result r) {
        return Figure.builder(OVERHEAD_ID, OVERHEAD_TITLE, "route", "calls/s", "calls", "setup p50 ms", "setup p99 ms")
                .row("Kamailio with its routing cache", r.settings().callsPerSecond(), r.withLookup().calls(),
                        r.withLookup().p50Ms(), r.withLookup().p99Ms())
                .row("same Kamailio, fixed route (no routing)", r.settings().callsPerSecond(), r.withoutLookup().calls(),
                        r.withoutLookup().p50Ms(), r.withoutLookup().p99Ms())
                .row("routing overhead", r.settings().callsPerSecond(), null, r.overheadP50Ms(), r.overheadP99Ms())
                .row("with the cache while users roam", r.settings().callsPerSecond(), r.roaming().calls(), r.roaming().p50Ms(),
                        r.roaming().p99Ms())
                .note("Setup is INVITE to 200 at the caller, from SIPp's clock in microseconds. The two runs without roaming use "
                        + "the same rate and duration (" + r.settings().overheadDuration().toSeconds() + " s) and the same "
                        + "kamailio.cfg; the fixed route is its WITH_FIXED_ROUTE define, which skips the cache and the lookup. "
                        + "A lookup, for a DN the cache does not hold, reuses its async worker's connection to the spoke "
                        + "(keep_connections), so no TCP setup is counted.")
                .build();
    }
}
