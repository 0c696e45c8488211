package io.roam.scenarios.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.process.JvmHeap;
import io.roam.scenarios.process.ResidentMemory;
import io.roam.scenarios.simulation.ForeignEvents;
import io.roam.scenarios.simulation.StandaloneSpoke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures 4, 5 and 6 on one standalone spoke with a 1 GB heap, fed with events of a fake origin
 * written straight to the feed it reads:
 * <ol>
 *   <li>catch-up: the spoke is frozen (SIGSTOP) while a backlog accumulates, then thawed; and
 *       later stopped, given a backlog, and started again (that time includes the JVM's start);</li>
 *   <li>memory: the used heap after a full GC holding the store's DNs, against the empty spoke;</li>
 *   <li>rebuild: the spoke restarted on its store, replaying every event into its projections
 *       (StoreReplay logs how long that took).</li>
 * </ol>
 */
public final class StoreBench {

    public static final String CATCH_UP_ID = "catch-up";
    public static final String REBUILD_ID = "rebuild";
    public static final String MEMORY_ID = "memory";
    public static final String CATCH_UP_TITLE = "4. Catch-up: a spoke applies a backlog of foreign events";
    public static final String REBUILD_TITLE = "5. Rebuild: the projection replayed from the spoke's own store at start";
    public static final String MEMORY_TITLE = "6. Memory: heap of a spoke holding the DNs";
    public static final String CATCH_UP_TARGET = "catch-up >= 20,000 events/s";
    public static final String REBUILD_TARGET = "rebuild of 1M events <= 5 s";
    private static final double REBUILD_TARGET_SECONDS = 5;
    public static final String MEMORY_TARGET = "heap with 1M DNs <= 400 MB";
    public static final String CLUSTER = "bench-store";

    private static final Pattern REPLAYED = Pattern.compile("replayed (\\d+) events from the local store in (\\d+) ms");
    private static final Duration POLL = Duration.ofMillis(100);
    /** /replication walks every user under the directory's lock: polling it fast would slow the applier. */
    private static final Duration SLOW_POLL = Duration.ofMillis(500);

    private final BenchPlan plan;
    private final StandaloneSpoke spoke;
    private final String bootstrapServers;
    private final Progress progress;

    public StoreBench(BenchPlan plan, StandaloneSpoke spoke, String bootstrapServers, Progress progress) {
        this.plan = plan;
        this.spoke = spoke;
        this.bootstrapServers = bootstrapServers;
        this.progress = progress;
    }

    public List<Figure> run() throws IOException, InterruptedException {
        progress.say("store: starting the standalone spoke " + CLUSTER + " (-Xmx1g)");
        long launched = System.nanoTime();
        spoke.start();
        double emptyStartSeconds = secondsSince(launched);
        long emptyHeap = JvmHeap.usedAfterFullGc(spoke.pid());
        SpokeClient client = new SpokeClient(spoke.url());
        int catchUp = plan.catchUpEvents();
        int total = plan.storeEvents();
        try (ForeignEvents events = new ForeignEvents(bootstrapServers, spoke.feed(), lastSeq(client))) {
            progress.say("store: catch-up of " + catchUp + " events after a freeze");
            spoke.pause();
            events.write(catchUp);
            long thawed = System.nanoTime();
            spoke.resume();
            awaitSeq(client, events.lastSeq(), POLL);
            Figure.Builder catchUpFigure = catchUpFigure(catchUp, secondsSince(thawed));

            progress.say("store: filling the store up to " + total + " foreign events while it runs");
            long filling = System.nanoTime();
            events.write(total - catchUp);
            try {
                awaitSeq(client, events.lastSeq(), SLOW_POLL);
            } catch (SpokeDied e) {
                // Most likely its heap is full: that is the memory figure's answer, and there is no store to rebuild.
                return List.of(catchUpFigure.note(e.getMessage()).build(),
                        Figure.notMeasured(REBUILD_ID, REBUILD_TITLE, "not measured: " + e.getMessage(), List.of(REBUILD_TARGET)),
                        Figure.builder(MEMORY_ID, MEMORY_TITLE, "DNs", "used heap MB").row(e.reached, Double.NaN)
                                .note(e.getMessage())
                                .target(TargetCheck.of(MEMORY_TARGET, "over 1 GB (the spoke died at about " + e.reached
                                        + " DNs)", false))
                                .build());
            }
            double fillSeconds = secondsSince(filling);
            catchUpFigure.row("streamed in while running (store fill)", total - catchUp, fillSeconds,
                    (total - catchUp) / fillSeconds);
            int dns = client.replication().requireOk("replication").path("dns").asInt();

            progress.say("store: heap with " + dns + " DNs");
            long heap = JvmHeap.usedAfterFullGc(spoke.pid());
            long rssKb = ResidentMemory.kilobytes(spoke.pid()).orElse(-1);
            Path histogram = spoke.logFile().resolveSibling("heap-histogram.txt");
            Files.writeString(histogram, JvmHeap.classHistogram(spoke.pid()));

            progress.say("store: stopped; " + catchUp + " more events, then a start that replays the store and catches up");
            spoke.stop();
            events.write(catchUp);
            long restarted = System.nanoTime();
            spoke.start();
            awaitSeq(client, events.lastSeq(), POLL);
            double restartSeconds = secondsSince(restarted);
            Replay replay = lastReplay(spoke.logFile()).orElseThrow(() ->
                    new IllegalStateException("no 'replayed … events' line in " + spoke.logFile()));
            spoke.stop();
            catchUpFigure.row("stopped, then started (JVM start + replay + catch-up)", catchUp, restartSeconds,
                            catchUp / restartSeconds)
                    .note(String.format(Locale.ROOT, "The restart replayed %d events in %.1f s first; the empty spoke "
                            + "had taken %.1f s to start.", replay.events, replay.millis / 1000.0, emptyStartSeconds));
            return List.of(catchUpFigure.build(), rebuildFigure(replay), memoryFigure(dns, heap, emptyHeap, rssKb, histogram));
        }
    }

    /** The figure with its first row, the headline: a backlog applied by a running spoke. */
    private Figure.Builder catchUpFigure(int catchUp, double frozenSeconds) {
        double frozenRate = catchUp / frozenSeconds;
        return Figure.builder(CATCH_UP_ID, CATCH_UP_TITLE, "case", "events", "seconds", "events/s")
                .row("frozen (SIGSTOP), then thawed", catchUp, frozenSeconds, frozenRate)
                .note("Events: UserProvisioned of superusers of the fake origin " + ForeignEvents.ORIGIN
                        + ", one new DN each, written straight to " + spoke.feed() + ".")
                .note("Done when GET /api/v1/replication shows the origin's lastSeq reached (polled every "
                        + POLL.toMillis() + " ms; " + SLOW_POLL.toMillis()
                        + " ms while the store fills, as each poll walks every user).")
                .target(TargetCheck.of(CATCH_UP_TARGET, ReportWriter.format(frozenRate) + " events/s (" + catchUp
                        + " after a freeze)", frozenRate >= 20_000));
    }

    private Figure rebuildFigure(Replay replay) {
        double seconds = replay.millis / 1000.0;
        double rate = replay.events / Math.max(seconds, 0.001);
        double projected = BenchPlan.TARGET_STORE_EVENTS / rate;
        boolean extrapolated = replay.events < BenchPlan.TARGET_STORE_EVENTS * 0.9;
        Figure.Builder figure = Figure.builder(REBUILD_ID, REBUILD_TITLE, "events replayed", "seconds", "events/s",
                        "1M events would take s")
                .row(replay.events, seconds, rate, projected)
                .note("From the spoke's log: \"replayed N events from the local store in M ms\" (StoreReplay), "
                        + "every stored event deserialized and applied to every projection before the spoke serves.");
        String measured = ReportWriter.format(seconds) + " s for " + replay.events + " events"
                + (extrapolated ? " (1M extrapolated: " + ReportWriter.format(projected) + " s)" : "");
        return figure.target(TargetCheck.of(REBUILD_TARGET, measured, (extrapolated ? projected : seconds) <= REBUILD_TARGET_SECONDS)).build();
    }

    private Figure memoryFigure(int dns, long heap, long emptyHeap, long rssKb, Path histogram) {
        double mb = heap / 1e6;
        double perDn = (heap - emptyHeap) / (double) Math.max(1, dns);
        double projected = (emptyHeap + perDn * BenchPlan.TARGET_STORE_EVENTS) / 1e6;
        boolean extrapolated = dns < BenchPlan.TARGET_STORE_EVENTS * 0.9;
        Figure.Builder figure = Figure.builder(MEMORY_ID, MEMORY_TITLE, "DNs", "used heap MB", "empty spoke MB",
                        "bytes per DN", "1M DNs would use MB", "RSS MB")
                .row(dns, mb, emptyHeap / 1e6, perDn, projected, rssKb < 0 ? Double.NaN : rssKb / 1024.0)
                .note("Used heap after a full GC (jcmd GC.run, then GC.heap_info), -Xmx1g, serial collector with "
                        + "-XX:MarkSweepDeadRatio=0 (its full GC would otherwise leave up to a twentieth of the old "
                        + "generation as dead space in place, counted here as if the DNs held it); "
                        + "\"empty\" is the same spoke just started.")
                .note("What holds it, by class: " + histogram + " (jcmd GC.class_histogram at the same moment).");
        String measured = ReportWriter.format(mb) + " MB with " + dns + " DNs"
                + (extrapolated ? " (1M extrapolated: " + ReportWriter.format(projected) + " MB)" : "");
        return figure.target(TargetCheck.of(MEMORY_TARGET, measured, (extrapolated ? projected : mb) <= 400)).build();
    }

    record Replay(long events, long millis) {
    }

    /** The last replay the spoke logged: its log is appended across restarts. */
    static Optional<Replay> lastReplay(Path log) throws IOException {
        Replay last = null;
        for (String line : Files.readAllLines(log)) {
            Matcher m = REPLAYED.matcher(line);
            if (m.find()) {
                last = new Replay(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            }
        }
        return Optional.ofNullable(last);
    }

    /** The spoke exited while it was being waited for. */
    private static final class SpokeDied extends IllegalStateException {
        final long reached;

        SpokeDied(String message, long reached) {
            super(message);
            this.reached = reached;
        }
    }

    private void awaitSeq(SpokeClient client, long seq, Duration interval) throws InterruptedException {
        long last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            if (!spoke.isAlive()) {
                throw new SpokeDied(CLUSTER + " died at sequence " + Math.max(0, last) + " of " + seq
                        + " (out of memory?); see " + spoke.logFile(), Math.max(0, last));
            }
            long now = lastSeqOrMinusOne(client);
            if (now >= seq) {
                return;
            }
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofMinutes(2).toNanos()) {
                throw new IllegalStateException(CLUSTER + " stuck at sequence " + now + " of " + seq + " for 2 minutes");
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private static long lastSeq(SpokeClient client) {
        long seq = lastSeqOrMinusOne(client);
        if (seq < 0) {
            throw new IllegalStateException("no answer from " + client.baseUrl() + "/api/v1/replication");
        }
        return seq;
    }

    /** The fake origin's last applied sequence (0 before its first event), -1 while the spoke does not answer. */
    private static long lastSeqOrMinusOne(SpokeClient client) {
        ApiResponse answer;
        try {
            answer = client.replication();
        } catch (UncheckedIOException e) {
            return -1;
        }
        if (!answer.isOk()) {
            return -1;
        }
        for (JsonNode origin : answer.body().path("origins")) {
            if (ForeignEvents.ORIGIN.equals(origin.path("origin").asText())) {
                return origin.path("lastSeq").asLong();
            }
        }
        return 0;
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
