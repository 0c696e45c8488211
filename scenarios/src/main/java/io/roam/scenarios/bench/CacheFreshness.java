package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.load.ChangeFollower;
import io.roam.scenarios.load.Latencies;
import io.roam.scenarios.sip.KamailioProxy;
import io.roam.scenarios.sip.SipLoad;
import io.roam.scenarios.topology.TopologyControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Figure 8c: how long after a login the dialing proxy's routing cache names the login's cluster
 * for the user's DN, beside how long the dialing spoke's own change feed took to show it. The
 * roamers of figure 8 move one at a time to another cluster; each move is timed from its request
 * until the feed's change arrives and until the cache, asked over the proxy's JSON-RPC in a loop
 * (two round trips a look, well under a millisecond), holds the new entry.
 */
public final class CacheFreshness {

    static final String ID = "sip-freshness";
    static final String TITLE = "8c. Login to the proxy's cache routing there";
    public static final String TARGET = "login to the proxy's cache routing there: p99 <= 2 x the directory's own (the dialing spoke's feed) p99";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** @param unseen moves the cache or the feed did not show within the timeout (counted at the timeout) */
    record Result(Latencies spoke, Latencies cache, int moves, int unseen) {
    }

    private CacheFreshness() {
    }

    static Result run(TopologyControl topology, KamailioProxy proxy, String dialing, int roamers, int moves, Progress progress)
            throws InterruptedException {
        List<String> clusters = topology.clusterIds();
        Map<String, Long> changed = new ConcurrentHashMap<>();
        Latencies spoke = new Latencies();
        Latencies cache = new Latencies();
        int unseen = 0;
        Random random = new Random(42);
        try (ChangeFollower follower = new ChangeFollower(topology.spoke(dialing).baseUrl(), "freshness")) {
            follower.listen((dn, reason, target, nanos) -> {
                if (target != null) {
                    changed.putIfAbsent(dn + "|" + target, nanos);
                }
            });
            follower.awaitSnapshot(TIMEOUT);
            progress.say("freshness: " + moves + " moves of " + roamers + " roamers, one at a time, timed at "
                    + dialing + "'s feed and at its proxy's cache");
            for (int m = 0; m < moves; m++) {
                int roamer = m % roamers;
                String dn = SipLoad.dn(roamer);
                Optional<String> from = proxy.cachedEntry(dn).map(entry -> entry.substring(0, entry.indexOf('|')));
                List<String> others = clusters.stream().filter(c -> from.map(f -> !f.equals(c)).orElse(true)).toList();
                String to = others.get(random.nextInt(others.size()));
                changed.remove(dn + "|" + to);
                long start = System.nanoTime();
                topology.spoke(to).login(SipLoad.device(roamer, to), SipLoad.user(roamer), SipLoad.PIN)
                        .requireOk("login of " + SipLoad.user(roamer) + " at " + to);
                long deadline = start + TIMEOUT.toNanos();
                long cached = deadline;
                while (System.nanoTime() < deadline) {
                    if (proxy.cachedEntry(dn).filter(entry -> entry.startsWith(to + "|")).isPresent()) {
                        cached = System.nanoTime();
                        break;
                    }
                }
                while (!changed.containsKey(dn + "|" + to) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                long shown = changed.getOrDefault(dn + "|" + to, deadline);
                if (cached == deadline || shown == deadline) {
                    unseen++;
                }
                cache.recordNanos(cached - start);
                spoke.recordNanos(shown - start);
            }
        }
        return new Result(spoke, cache, moves, unseen);
    }

    static Figure figure(Result r, String dialing) {
        Latencies.Summary spoke = r.spoke().summary();
        Latencies.Summary cache = r.cache().summary();
        return Figure.builder(ID, TITLE, "seen by", "moves", "p50 ms", "p99 ms", "max ms")
                .row(dialing + "'s spoke (its change feed)", r.moves(), spoke.p50(), spoke.p99(), spoke.max())
                .row(dialing + "'s proxy (its routing cache)", r.moves(), cache.p50(), cache.p99(), cache.max())
                .note("From the login's request at another cluster until the dialing spoke's change feed carried the DN's "
                        + "new answer, and until the proxy's cache held it (the route cache feeder follows the same feed and "
                        + "writes through evapi). " + r.unseen() + " moves not seen within " + TIMEOUT.toSeconds() + " s.")
                .target(TargetCheck.of(TARGET, String.format("%s ms vs %s ms (%sx)", ReportWriter.format(cache.p99()),
                        ReportWriter.format(spoke.p99()), ReportWriter.format(cache.p99() / spoke.p99())),
                        r.unseen() == 0 && cache.p99() <= 2 * spoke.p99()))
                .build();
    }
}
