package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.load.Latencies;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Figure 1's table, chart and targets: at each rate the project's logins, the Kafka floor and the
 * broker-less peer, and the project's latency as a multiple of each (p50 and p99).
 */
final class LagFigure {

    static final String PROJECT = "visible everywhere";
    static final String FLOOR = "floor (kafka-clients)";
    static final String PEER = "peer (Kamailio dmq_usrloc), visible at every other node";
    private static final int IDLE_RATE = 1;
    private static final int LOADED_RATE = 100;

    private LagFigure() {
    }

    static Figure build(List<LagRun> runs, Map<Integer, KafkaFloor.Result> floors, PeerLag peer, int users,
                        boolean transactionalRelays) {
        Figure.Builder figure = Figure.builder(ReplicationLagBench.ID, ReplicationLagBench.TITLE, "path", "rate/s",
                "poll ms", "achieved/s", "samples", "errors", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                "p50 / floor", "p99 / floor", "p50 / peer", "p99 / peer");
        for (LagRun run : runs) {
            Latencies.Summary floor = floors.get(run.rate).latencies().summary();
            DmqLoad.Result peerRun = peer.byRate().get(run.rate);
            Latencies.Summary peerLag = peerRun == null ? new Latencies().summary() : peerRun.everywhere().summary();
            Latencies.Summary everywhere = run.everywhere.summary();
            figure.row(PROJECT, run.rate, "feed", run.achieved(), everywhere.count(), run.errors(),
                    everywhere.p50(), everywhere.p99(), everywhere.p999(), everywhere.max(),
                    everywhere.p50() / floor.p50(), everywhere.p99() / floor.p99(),
                    everywhere.p50() / peerLag.p50(), everywhere.p99() / peerLag.p99());
            run.perObserver.forEach((cluster, latencies) -> latencyRow(figure, "visible at " + cluster, run.rate,
                    latencies.summary()));
            latencyRow(figure, "login HTTP answer", run.rate, run.login.summary());
            latencyRow(figure, "answer to visible everywhere", run.rate, run.ackToEverywhere.summary());
            figure.row(FLOOR, run.rate, "", "", floor.count(), floors.get(run.rate).lost(), floor.p50(), floor.p99(),
                    floor.p999(), floor.max(), "", "", floor.p50() / peerLag.p50(), floor.p99() / peerLag.p99());
            figure.curve(run.everywhere.series("everywhere " + run.rate + "/s"));
            figure.curve(floors.get(run.rate).latencies().series("floor " + run.rate + "/s"));
            if (peerRun != null) {
                figure.row(PEER, run.rate, peerRun.poll().millis(), peerRun.achieved(), peerLag.count(), peerRun.errors(),
                        peerLag.p50(), peerLag.p99(), peerLag.p999(), peerLag.max(), "", "", "", "");
                latencyRow(figure, "peer REGISTER answer (200 OK)", run.rate, peerRun.answer().summary());
                figure.curve(peerRun.everywhere().series("peer " + run.rate + "/s"));
                if (peerRun.unseen() > 0) {
                    figure.note(peerRun.unseen() + " registration(s) at " + run.rate + "/s were not visible at every other "
                            + "peer node in time; counted at the time the bench gave up on them");
                }
            }
            run.errorSamples.forEach((status, answer) -> figure.note("at " + run.rate + "/s, logins failed with "
                    + (status == 0 ? "" : "HTTP " + status + " ") + answer));
            if (run.unseen > 0) {
                figure.note(run.unseen + " login(s) at " + run.rate + "/s were not seen everywhere within "
                        + ReplicationLagBench.DRAIN_TIMEOUT.toSeconds() + " s; counted at the time the bench gave up on them");
            }
        }
        notes(figure, runs, peer, users, transactionalRelays);
        targets(figure, runs, floors);
        return figure.build();
    }

    private static void latencyRow(Figure.Builder figure, String path, int rate, Latencies.Summary s) {
        figure.row(path, rate, "", "", s.count(), "", s.p50(), s.p99(), s.p999(), s.max(), "", "", "", "");
    }

    private static void notes(Figure.Builder figure, List<LagRun> runs, PeerLag peer, int users,
                              boolean transactionalRelays) {
        figure.note("All latencies count from the login's (or REGISTER's) due time on a fixed schedule (coordinated omission "
                + "accounted for): a login waiting for a free user, a connection or the server counts. Ratios are the project's "
                + "latency over the floor's and over the peer's at the same rate; the floor's row has floor / peer.");
        figure.note("Users cycle: once every spoke shows the login, the user is logged out and becomes free again, so "
                + "each login also causes a logout event; " + users + " users and phones at the origin.");
        figure.note("Visible = the change event that shows the DN logged in, read from that spoke's change feed "
                + "(GET /api/v1/directory/changes, server-sent events, one stream per spoke opened before the first run), "
                + "timed when the bench read it; column poll ms says feed. Following costs each spoke one open stream, "
                + "where polling would cost it a lookup per period and add up to a period to every sample.");
        figure.note("Floor: producer (acks=all, linger.ms=1) -> relay -> relay -> consumer on the same broker, the relays "
                + (transactionalRelays
                        ? "read_committed and transactional (one transaction per poll, offsets included), as the hubs."
                        : "read_committed and at least once (each poll sent, every send acknowledged, then its offsets "
                                + "committed), as the hubs in this run."));
        if (peer.measured()) {
            figure.note("Peer: Kamailio's registrar with dmq and dmq_usrloc, " + DmqPeer.NODES + " nodes on 127.0.0.1 in a full "
                    + "mesh, in-memory usrloc, run after the project and the floor with the topology still up beside it. "
                    + "Each REGISTER (raw UDP, a new user each) goes to node 1; visible = the first ul.lookup over JSON-RPC/UDP "
                    + "at each other node whose reply lists the contact, timed at the reply's arrival, one poller per node "
                    + "asking for every awaited registration once a poll period (column poll ms). Errors are REGISTERs "
                    + "without a 200 OK.");
        } else {
            figure.note("peer not measured: " + peer.notMeasured());
        }
    }

    private static void targets(Figure.Builder figure, List<LagRun> runs, Map<Integer, KafkaFloor.Result> floors) {
        runAt(runs, IDLE_RATE).ifPresentOrElse(run -> {
            double p50 = run.everywhere.summary().p50();
            double floorP50 = floors.get(IDLE_RATE).latencies().summary().p50();
            figure.target(TargetCheck.of(ReplicationLagBench.TARGET_IDLE, ReportWriter.format(p50) + " ms vs floor "
                    + ReportWriter.format(floorP50) + " ms (" + ReportWriter.format(p50 / floorP50) + "x)",
                    p50 <= 3 * floorP50 && p50 <= 25));
        }, () -> figure.target(TargetCheck.notMeasured(ReplicationLagBench.TARGET_IDLE)));
        runAt(runs, LOADED_RATE).ifPresentOrElse(run -> {
            double achieved = run.achieved() / run.rate;
            double p99 = run.ackToEverywhere.summary().p99();
            double floorP99 = floors.get(LOADED_RATE).latencies().summary().p99();
            figure.target(TargetCheck.of(ReplicationLagBench.TARGET_LOADED, ReportWriter.format(100 * achieved)
                    + "% achieved; " + ReportWriter.format(p99) + " ms vs floor " + ReportWriter.format(floorP99) + " ms ("
                    + ReportWriter.format(p99 / floorP99) + "x)", achieved >= 0.99 && p99 <= 2 * floorP99));
        }, () -> figure.target(TargetCheck.notMeasured(ReplicationLagBench.TARGET_LOADED)));
    }

    private static Optional<LagRun> runAt(List<LagRun> runs, int rate) {
        return runs.stream().filter(r -> r.rate == rate).findFirst();
    }
}
