package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.sip.SeedCalls;
import io.roam.scenarios.sip.SipLoad;
import io.roam.scenarios.sip.SipNetwork;
import io.roam.scenarios.sip.SipTools;
import io.roam.scenarios.topology.RunningTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Figures 8, 8b and 8c (the {@code sip} group): real calls through cluster-3's Kamailio at fixed
 * rates while users roam, where they landed and what each process took of the cores; the
 * call-setup time the routing (the proxy's cache, or the directory lookup when the cache cannot
 * answer) adds, from interleaved repeats; and how soon the cache routes a login's new cluster.
 */
public final class SipCallsBench {

    public static final String ID = "sip";
    public static final String TITLE = "8. Calls through Kamailio while users roam";
    static final String OVERHEAD_ID = "sip-overhead";
    static final String OVERHEAD_TITLE = "8b. Call setup time the routing adds";
    public static final String TARGET = "no call lands at a cluster the directory did not name (outside the replication window)";
    public static final String TARGET_RATE = "calls/s through one proxy while users roam, 0 misrouted, <= 0.1 % failed: >= 1,000";
    public static final String TARGET_OVERHEAD = "setup time the routing adds, median over the interleaved repeats: <= 1 ms p99 at every rate held";

    /** A rate is held when this share of it was placed and at most {@link #FAILED_SHARE} failed or were refused. */
    private static final double ACHIEVED_SHARE = 0.95;
    private static final double FAILED_SHARE = 0.001;
    private static final List<String> PROGRAMS = List.of("kamailio", "sipp", "java");

    private SipCallsBench() {
    }

    public static List<Figure> run(BenchPlan plan, RunningTopology topology, Path runDir, Progress progress)
            throws IOException, InterruptedException {
        boolean quick = "quick".equals(plan.mode());
        List<Integer> rates = quick ? List.of(50) : List.of(200, 1_000, 2_000);
        Duration roaming = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(20);
        Duration repeat = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        List<SipLoad.Result> results = new ArrayList<>();
        try (SipNetwork network = SipNetwork.start(topology, List.of(SeedCalls.DIALING), runDir.resolve("sip"),
                Duration.ofSeconds(60))) {
            for (int rate : rates) {
                SipLoad.Settings settings = SipLoad.Settings.of(rate, roaming).withOverheadRepeats(3, repeat);
                SipLoad.Result result = new SipLoad(topology, network, SeedCalls.DIALING, settings, progress::say).run();
                result.lines().forEach(progress::say);
                results.add(result);
            }
            CacheFreshness.Result freshness = CacheFreshness.run(topology, network.proxy(SeedCalls.DIALING), SeedCalls.DIALING,
                    results.get(0).settings().roamers(), quick ? 20 : 100, progress);
            return List.of(landings(results), overhead(results), CacheFreshness.figure(freshness, SeedCalls.DIALING));
        }
    }

    private static boolean held(SipLoad.Result r) {
        return r.achievedCallsPerSecond() >= ACHIEVED_SHARE * r.settings().callsPerSecond()
                && r.failed() + r.refused() <= FAILED_SHARE * r.placed() && r.misrouted() == 0;
    }

    private static Figure landings(List<SipLoad.Result> results) {
        List<String> columns = new ArrayList<>(List.of("calls/s", "achieved/s", "placed", "landed as directory",
                "within the window", "misrouted", "refused", "failed", "refused or failed %", "UDP drops"));
        PROGRAMS.forEach(p -> columns.add(p + " CPU %"));
        Figure.Builder figure = Figure.builder(ID, TITLE, columns.toArray(String[]::new));
        for (SipLoad.Result r : results) {
            List<Object> row = new ArrayList<>(List.of(r.settings().callsPerSecond(), r.achievedCallsPerSecond(), r.placed(),
                    r.asDirectory(), r.inWindow(), r.misrouted(), r.refused(), r.failed(), 100.0 * (r.failed() + r.refused()) / r.placed(),
                    r.udpDrops()));
            PROGRAMS.forEach(p -> row.add(100 * r.cpu().getOrDefault(p, Double.NaN)));
            figure.row(row.toArray());
            figure.note(r.settings().callsPerSecond() + " calls/s: " + String.join("; ", r.lines().subList(0, 2)));
        }
        long misrouted = results.stream().mapToLong(SipLoad.Result::misrouted).sum();
        long checked = results.stream().mapToLong(r -> r.asDirectory() + r.inWindow() + r.misrouted()).sum();
        Optional<SipLoad.Result> highest = results.stream().filter(SipCallsBench::held)
                .max((a, b) -> Integer.compare(a.settings().callsPerSecond(), b.settings().callsPerSecond()));
        String dialing = results.get(0).dialing();
        return figure
                .note("SIPp calls the roamers' DNs in turn (INVITE, 200, ACK, BYE) through " + dialing + "'s Kamailio, which "
                        + "takes each DN's route string from its routing cache (kept by a route cache feeder from " + dialing
                        + "'s change feed; a DN it does not hold is asked of the spoke, GET /api/v1/route, in an async worker) "
                        + "and relays there, where a SIPp UAS stands for its phones.")
                .note("A call is checked against the logins the bench acknowledged: it must land where the last one put the "
                        + "user when its INVITE left, unless one was under way or acknowledged less than the window before at "
                        + "any time between the INVITE and its answer (the proxy routed somewhere in between).")
                .note("CPU % = each program's processes' CPU time during the roaming run, from /proc, as a share of all "
                        + Runtime.getRuntime().availableProcessors() + " cores (java: the spokes, hubs, broker, feeder and this "
                        + "bench). A rate is held when at least " + Math.round(100 * ACHIEVED_SHARE) + " % of it was placed, "
                        + "at most " + 100 * FAILED_SHARE + " % were refused by the proxy (404, 408, 503) or failed, and none misrouted.")
                .note("UDP drops = datagrams the kernel dropped during the roaming run because a socket's receive buffer was "
                        + "full (RcvbufErrors of /proc/net/snmp, every socket of the machine): a call that lost its 200 and "
                        + "every retransmission of it fails. SIPp and Kamailio ask for " + SipTools.SOCKET_BUFFER_BYTES
                        + "-byte buffers; the kernel grants at most net.core.rmem_max.")
                .target(TargetCheck.of(TARGET, misrouted + " misrouted of " + checked, misrouted == 0))
                .target(TargetCheck.of(TARGET_RATE, highest.map(r -> "held up to " + r.settings().callsPerSecond() + " calls/s")
                        .orElse("no rate held"), highest.filter(r -> r.settings().callsPerSecond() >= 1_000).isPresent()))
                .build();
    }

    private static Figure overhead(List<SipLoad.Result> results) {
        Figure.Builder figure = Figure.builder(OVERHEAD_ID, OVERHEAD_TITLE, "calls/s", "repeats", "routed p50 ms", "routed p99 ms",
                "fixed p50 ms", "fixed p99 ms", "adds p50 ms", "adds p99 ms", "while roaming p50 ms", "while roaming p99 ms");
        boolean met = true;
        List<String> measured = new ArrayList<>();
        for (SipLoad.Result r : results) {
            SipLoad.Latency routed = r.withLookup();
            SipLoad.Latency fixed = r.withoutLookup();
            figure.row(r.settings().callsPerSecond(), r.withLookups().size(), routed.p50Ms(), routed.p99Ms(), fixed.p50Ms(),
                    fixed.p99Ms(), r.overheadP50Ms(), r.overheadP99Ms(), r.roaming().p50Ms(), r.roaming().p99Ms());
            if (held(r)) {
                measured.add(ReportWriter.format(r.overheadP99Ms()) + " ms at " + r.settings().callsPerSecond() + "/s");
                met &= r.overheadP99Ms() <= 1;
            }
        }
        SipLoad.Settings settings = results.get(0).settings();
        return figure
                .note("Setup is INVITE to 200 at the caller, from SIPp's clock in microseconds. At each rate, without roaming, "
                        + settings.repeats() + " runs of " + settings.overheadDuration().toSeconds() + " s through a proxy of the "
                        + "same kamailio.cfg with its WITH_FIXED_ROUTE define (no cache, no lookup) and through the dialing "
                        + "proxy, in turn; each column is the median over the repeats, and \"adds\" the median of each "
                        + "repeat's difference. A lookup, for a DN the cache does not hold, runs in an async worker on "
                        + "a connection of its own (http_client_query, which can send the router token).")
                .target(TargetCheck.of(TARGET_OVERHEAD, measured.isEmpty() ? "no rate held" : String.join(", ", measured),
                        met && !measured.isEmpty()))
                .build();
    }
}
