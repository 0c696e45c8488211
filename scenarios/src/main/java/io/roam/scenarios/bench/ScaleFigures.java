package io.roam.scenarios.bench;

import io.roam.scenarios.bench.ScaleBench.RateRun;
import io.roam.scenarios.bench.ScaleBench.ShapeRun;
import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.load.Latencies;
import io.roam.scenarios.simulation.Deliveries;
import io.roam.scenarios.simulation.RelayHops;
import io.roam.scenarios.simulation.SimulatedSpokes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Figures 7 and 7b from the shapes' measurements, with the scale targets: the latency and
 * join targets on the lag figure, the record counts on the writes figure. The largest shape stands
 * for 10 x 20 (a quick run's is smaller, and says so in what it measured).
 */
final class ScaleFigures {

    static final String TARGET_DEFAULT = "2 x 2 at 20/s, read by all 3 others: p50 <= 3 ms and p99 <= 15 ms";
    static final String TARGET_LAG = "largest shape at 100/s, read by all others: p99 <= 1 s";
    static final String TARGET_JOIN = "a cluster joining the largest shape knows every other's membership and route "
            + "string, and every other knows it, within 5 s";
    static final String TARGET_LOGIN_RECORDS = "login records per login at the largest shape <= hubs + 3";
    static final String TARGET_HEARTBEATS = "heartbeat records per second at the largest shape, idle <= 200 "
            + "(the hubs' on meshes and feeds; the clusters' own, one a second each, listed apart)";
    static final String TARGET_IDLE = "all records per second at the largest shape, idle, overhead included <= 2,000";

    private static final int DEFAULT_RATE = 20;
    private static final int LOADED_RATE = 100;
    private static final double JOIN_SECONDS = 5;

    private final List<ShapeRun> runs;
    private final List<String> failures;
    private final boolean transactionalHubs;

    ScaleFigures(List<ShapeRun> runs, List<String> failures, boolean transactionalHubs) {
        this.runs = List.copyOf(runs);
        this.failures = List.copyOf(failures);
        this.transactionalHubs = transactionalHubs;
    }

    Figure lag() {
        Figure.Builder figure = Figure.builder(ScaleBench.ID, ScaleBench.TITLE, "topology", "read by", "rate/s", "logins",
                "unseen", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
        for (ShapeRun run : runs) {
            int others = run.shape().clusters() - 1;
            for (RateRun rate : run.rates()) {
                Deliveries d = rate.deliveries();
                Latencies.Summary one = d.one().summary();
                Latencies.Summary all = d.all().summary();
                figure.row(describe(run.shape()), "1 other (random)", rate.rate(), d.expected(), d.unseen(), one.p50(),
                        one.p99(), one.p999(), one.max());
                figure.row(describe(run.shape()), "all " + others + " others", rate.rate(), d.expected(), d.unseen(),
                        all.p50(), all.p99(), all.p999(), all.max());
                figure.curve(d.all().series(run.shape() + " all " + rate.rate() + "/s"));
                figure.note(stages(run.shape(), rate.rate(), d.hops().stages()));
                if (d.duplicates() > 0 || d.strays() > 0) {
                    figure.note(String.format("%s at %d/s: %d login copies read twice or by their own cluster, %d copies "
                            + "of logins not of this run", run.shape(), rate.rate(), d.duplicates(), d.strays()));
                }
            }
            run.floors().forEach((rate, floor) -> {
                Latencies.Summary s = floor.latencies().summary();
                figure.row(describe(run.shape()), "floor (kafka-clients)", rate, s.count(), floor.lost(), s.p50(), s.p99(),
                        s.p999(), s.max());
            });
            figure.note(String.format("%s: %d hub JVMs and the broker up in %.0f s, every hub holding its inputs %.1f s "
                            + "later (its consumer group's first assignment), the %d founding clusters' announcements "
                            + "read by every other %.1f s after that; %d readers for %d feeds; %d heartbeats read, %d dead "
                            + "letters, %d undecodable records, %d failed sends", run.shape(), run.shape().hubs(),
                    run.startup().toMillis() / 1000.0, run.assigned().toMillis() / 1000.0, run.shape().clusters() - 1,
                    run.announced().toMillis() / 1000.0, run.readers(), run.shape().hubs(),
                    run.heartbeatsRead(), run.deadLetters(), run.undecodable(), run.sendErrors()));
            SimulatedSpokes.Join join = run.join();
            figure.note(String.format("%s: the last cluster joined the running network. It had read every other "
                            + "cluster's announcement %.2f s after it started, and the rest of their outbound topics "
                            + "(%d records) %.2f s after; every other cluster had read its announcement %.2f s after",
                    run.shape(), seconds(join.learned()), join.recordsRead(), seconds(join.synced()), seconds(join.known())));
            if (!run.hubRetries().isEmpty()) {
                figure.note(run.shape() + ": the hubs' producers retried sends (errors in their logs over the whole "
                        + "shape run): " + run.hubRetries());
            }
        }
        failures.forEach(figure::note);
        figure.note("Hubs are real JVMs, launched as the topology launches them, on a broker of their own per shape; "
                + "the spokes are simulated in the bench's JVM: each cluster announces itself (sequence 1), "
                + "sends a heartbeat every " + SimulatedSpokes.HEARTBEAT_INTERVAL.toSeconds() + " s and publishes "
                + "UserLoggedIn envelopes (the spoke's codec, dense sequence, its own hybrid logical clock, keyed by "
                + "the cluster) on its outbound topic, through one producer with the spoke publisher's settings. All "
                + "clusters but the last start at once; the last joins once they know each other, syncing from every "
                + "other cluster's outbound topic as a spoke with no position does, and takes part in the logins.");
        figure.note("Logins come at a fixed total rate, the clusters taking turns; latency counts from the login's due "
                + "time (coordinated omission accounted for) until the simulated cluster's read-committed consumer "
                + "returned it: the hubs' relay and the broker, without a spoke's store, apply or HTTP lookup "
                + "(figure 1 has those, on the 2x2 topology's real spokes). A login not read everywhere within 30 s "
                + "is counted as unseen, at the time the bench gave up on it.");
        figure.note("Floor: on the default shape's broker, beside its idle hubs and simulated clusters, at the same "
                + "rates: producer (acks=all, linger.ms=1) -> relay -> relay -> consumer, the relays read_committed and "
                + (transactionalHubs ? "transactional (one transaction per poll, offsets included), as the hubs."
                        : "at least once (each poll sent, every send acknowledged, then its offsets committed), as the hubs.")
                + " The same hops as a login read by a cluster of the other hub, with nothing but kafka-clients.");
        defaultTarget(figure);
        lagTarget(figure);
        joinTarget(figure);
        return finish(figure.build());
    }

    Figure writes() {
        Figure.Builder figure = Figure.builder(ScaleBench.WRITES_ID, ScaleBench.WRITES_TITLE, "topology", "rate/s", "logins",
                "window s", "written/login", "login records/login", "expected", "heartbeat records/login", "overhead/login",
                "idle written/s");
        for (ShapeRun run : runs) {
            for (RateRun rate : run.rates()) {
                WriteAmplification w = rate.writes();
                figure.row(describe(run.shape()), rate.rate(), w.logins(), w.windowSeconds(), w.allPerLogin(),
                        w.loginRecordsPerLogin(), w.expectedLoginRecords(), w.heartbeatRecordsPerLogin(),
                        w.overheadPerLogin(), run.idlePerSecond());
                figure.note(String.format("%s at %d/s, offsets written in %.1f s: %s", run.shape(), rate.rate(),
                        w.windowSeconds(), kinds(w.loaded())));
            }
            figure.note(String.format("%s idle (heartbeats only), offsets written in %.1f s: %s", run.shape(),
                    run.idleSeconds(), kinds(run.idle())));
        }
        failures.forEach(figure::note);
        figure.note("Written = growth of every partition's log end offset (data records and transaction markers) over "
                + "every topic, the internal ones (the hubs' transactional offset commits, the transaction log) "
                + "included, from before the run to after its last login was read everywhere, divided by the logins.");
        figure.note("Login records = the origin's own on its outbound topic plus every copy read back from the hubs' "
                + "meshes and feeds; expected = hubs + 2 (outbound, its hub's mesh, every hub's feed). Heartbeat "
                + "records = the clusters' own on their outbound topics, one a second each, and the hubs' heartbeats "
                + "read on their meshes and feeds, which carry the clusters' on, one a "
                + "second per cluster whether anyone logs in or not. Overhead = the rest: markers, offset commits and "
                + "the transaction log of the hubs' transactions, which carry logins and heartbeats alike.");
        figure.note("Idle written/s = the same offsets per second before the runs, with heartbeats only.");
        largest().flatMap(run -> rateOf(run, LOADED_RATE).map(rate -> Map.entry(run, rate))).ifPresentOrElse(at -> {
            WriteAmplification w = at.getValue().writes();
            double limit = at.getKey().shape().hubs() + 3;
            figure.target(TargetCheck.of(TARGET_LOGIN_RECORDS, ReportWriter.format(w.loginRecordsPerLogin()) + " at "
                    + at.getKey().shape() + ", " + LOADED_RATE + "/s (limit " + ReportWriter.format(limit) + "); transactions' "
                    + "and offsets' overhead apart: " + ReportWriter.format(w.overheadPerLogin()), w.loginRecordsPerLogin() <= limit));
        }, () -> figure.target(TargetCheck.notMeasured(TARGET_LOGIN_RECORDS)));
        largest().ifPresentOrElse(run -> {
            BrokerWrites idle = run.idle();
            double hubs = (idle.mesh() + idle.feed()) / run.idleSeconds();
            figure.target(TargetCheck.of(TARGET_HEARTBEATS, String.format("%s/s at %s (meshes %s, feeds %s); the clusters' "
                            + "own %s/s", ReportWriter.format(hubs), run.shape(), ReportWriter.format(idle.mesh() / run.idleSeconds()),
                    ReportWriter.format(idle.feed() / run.idleSeconds()), ReportWriter.format(idle.out() / run.idleSeconds())),
                    hubs <= 200));
            figure.target(TargetCheck.of(TARGET_IDLE, ReportWriter.format(run.idlePerSecond()) + "/s at " + run.shape(),
                    run.idlePerSecond() <= 2_000));
        }, () -> {
            figure.target(TargetCheck.notMeasured(TARGET_HEARTBEATS));
            figure.target(TargetCheck.notMeasured(TARGET_IDLE));
        });
        return finish(figure.build());
    }

    private static String stages(BenchPlan.Shape shape, int rate, RelayHops.Stages stages) {
        return String.format("%s at %d/s, where the time goes, over %d copies read from another hub's feed, p50 / p99 "
                        + "ms: from due until the origin's hub sent it %s; then until the other hub sent it %s; then "
                        + "until read %s", shape, rate, stages.copies(), p50AndP99(stages.toOriginHub()),
                p50AndP99(stages.betweenHubs()), p50AndP99(stages.toReader()));
    }

    private static String p50AndP99(Latencies latencies) {
        Latencies.Summary s = latencies.summary();
        return ReportWriter.format(s.p50()) + " / " + ReportWriter.format(s.p99());
    }

    private void defaultTarget(Figure.Builder figure) {
        Optional<ShapeRun> shape = runs.stream().filter(r -> r.shape().equals(BenchPlan.Shape.DEFAULT)).findFirst();
        Optional<RateRun> rate = shape.flatMap(r -> rateOf(r, DEFAULT_RATE));
        if (rate.isEmpty()) {
            figure.target(TargetCheck.notMeasured(TARGET_DEFAULT));
            return;
        }
        Latencies.Summary all = rate.get().deliveries().all().summary();
        KafkaFloor.Result floor = shape.get().floors().get(DEFAULT_RATE);
        String measured = ReportWriter.format(all.p50()) + " / " + ReportWriter.format(all.p99()) + " ms";
        if (floor != null) {
            Latencies.Summary f = floor.latencies().summary();
            measured += String.format(" vs the floor's %s / %s ms (%sx / %sx)", ReportWriter.format(f.p50()),
                    ReportWriter.format(f.p99()), ReportWriter.format(all.p50() / f.p50()), ReportWriter.format(all.p99() / f.p99()));
        }
        figure.target(TargetCheck.of(TARGET_DEFAULT, measured, all.p50() <= 3 && all.p99() <= 15));
    }

    private void lagTarget(Figure.Builder figure) {
        largest().flatMap(run -> rateOf(run, LOADED_RATE).map(rate -> Map.entry(run, rate))).ifPresentOrElse(at -> {
            Latencies.Summary all = at.getValue().deliveries().all().summary();
            long unseen = at.getValue().deliveries().unseen();
            figure.target(TargetCheck.of(TARGET_LAG, "p99 " + ReportWriter.format(all.p99()) + " ms at " + at.getKey().shape()
                    + ", " + unseen + " unseen", all.p99() <= 1_000 && unseen == 0));
        }, () -> figure.target(TargetCheck.notMeasured(TARGET_LAG)));
    }

    private void joinTarget(Figure.Builder figure) {
        largest().ifPresentOrElse(run -> {
            SimulatedSpokes.Join join = run.join();
            double slower = Math.max(seconds(join.learned()), seconds(join.known()));
            figure.target(TargetCheck.of(TARGET_JOIN, String.format("%.2f s to know the others, %.2f s to be known, at %s",
                    seconds(join.learned()), seconds(join.known()), run.shape()), slower <= JOIN_SECONDS));
        }, () -> figure.target(TargetCheck.notMeasured(TARGET_JOIN)));
    }

    private Optional<ShapeRun> largest() {
        return runs.stream().filter(r -> !r.shape().equals(BenchPlan.Shape.DEFAULT))
                .max(Comparator.comparingInt(r -> r.shape().clusters()));
    }

    private static Optional<RateRun> rateOf(ShapeRun run, int rate) {
        return run.rates().stream().filter(r -> r.rate() == rate).findFirst();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static String describe(BenchPlan.Shape shape) {
        return shape.hubs() + " hubs x " + shape.spokesPerHub() + " spokes"
                + (shape.equals(BenchPlan.Shape.DEFAULT) ? " (default)" : "");
    }

    private static String kinds(BrokerWrites w) {
        return String.format("out %d, mesh %d, feed %d, members %d, dead letters %d, internal %d, other %d", w.out(),
                w.mesh(), w.feed(), w.members(), w.deadLetters(), w.internal(), w.other());
    }

    /** A shape that failed leaves the figure incomplete: it says so in its status, not only in a note. */
    private Figure finish(Figure figure) {
        if (failures.isEmpty()) {
            return figure;
        }
        return new Figure(figure.id(), figure.title(), Figure.FAILED, figure.columns(), figure.rows(), figure.notes(),
                figure.curves(), figure.targets());
    }
}
