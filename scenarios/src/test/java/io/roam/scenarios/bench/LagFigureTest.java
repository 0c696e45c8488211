package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Series;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.load.Latencies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagFigureTest {

    /** Half the samples at {@code p50Millis}, half at {@code p99Millis}: those are then the p50 and the p99. */
    private static Latencies latencies(double p50Millis, double p99Millis) {
        return fill(new Latencies(), p50Millis, p99Millis);
    }

    private static Latencies fill(Latencies latencies, double p50Millis, double p99Millis) {
        for (int i = 0; i < 50; i++) {
            latencies.recordNanos((long) (p50Millis * 1e6));
            latencies.recordNanos((long) (p99Millis * 1e6));
        }
        return latencies;
    }

    private static LagRun run(int rate, double p50Millis, double p99Millis) {
        LagRun run = new LagRun(rate, Duration.ofSeconds(10), List.of("cluster-2"));
        fill(run.everywhere, p50Millis, p99Millis);
        fill(run.ackToEverywhere, p50Millis, p99Millis);
        run.acked.set(rate * 10L);
        return run;
    }

    private static DmqLoad.Result peer(int rate, Latencies everywhere) {
        return new DmqLoad.Result(rate, PollPeriod.FINE, everywhere, latencies(0.5, 0.5), 100, 100, 0, rate);
    }

    private static Map<String, Object> row(Figure figure, String path, int rate) {
        return figure.rows().stream()
                .filter(r -> path.equals(r.get("path")) && Integer.valueOf(rate).equals(r.get("rate/s")))
                .findFirst().orElseThrow();
    }

    private static double number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).doubleValue();
    }

    @Test
    void everyRateHasTheProjectAsAMultipleOfTheFloorAndOfThePeer() {
        List<LagRun> runs = List.of(run(1, 4, 12), run(100, 30, 90));
        Map<Integer, KafkaFloor.Result> floors = Map.of(
                1, new KafkaFloor.Result(latencies(2, 3), 0),
                100, new KafkaFloor.Result(latencies(10, 40), 0));
        PeerLag peer = new PeerLag(Map.of(1, peer(1, latencies(1, 2)), 100, peer(100, latencies(2, 6))), "");

        Figure figure = LagFigure.build(runs, floors, peer, 500, true);

        Map<String, Object> idle = row(figure, LagFigure.PROJECT, 1);
        assertThat(number(idle, "p50 / floor")).isCloseTo(2.0, within(0.01));
        assertThat(number(idle, "p99 / floor")).isCloseTo(4.0, within(0.01));
        assertThat(number(idle, "p50 / peer")).isCloseTo(4.0, within(0.01));
        assertThat(number(idle, "p99 / peer")).isCloseTo(6.0, within(0.01));
        assertThat(idle.get("poll ms")).isEqualTo("feed");
        Map<String, Object> busy = row(figure, LagFigure.PROJECT, 100);
        assertThat(number(busy, "p50 / floor")).isCloseTo(3.0, within(0.01));
        assertThat(number(busy, "p99 / peer")).isCloseTo(15.0, within(0.05));
        assertThat(number(busy, "achieved/s")).isCloseTo(100.0, within(0.01));
        Map<String, Object> floor = row(figure, LagFigure.FLOOR, 1);
        assertThat(number(floor, "p50 / peer")).isCloseTo(2.0, within(0.01));
        assertThat(number(floor, "p99 / peer")).isCloseTo(1.5, within(0.01));
        Map<String, Object> peerRow = row(figure, LagFigure.PEER, 100);
        assertThat(number(peerRow, "p99 ms")).isCloseTo(6.0, within(0.01));
        assertThat(number(peerRow, "poll ms")).isEqualTo(2.0);
        assertThat(figure.notes()).anyMatch(note -> note.startsWith("Visible = the change event"));
        assertThat(figure.notes()).anyMatch(note -> note.startsWith("Peer: "));
        assertThat(figure.curves()).extracting(Series::name).contains("everywhere 1/s", "floor 1/s", "peer 1/s");
        // 4 ms is 2x the floor's 2 ms and under 25 ms; 90 ms from answer to everywhere is 2.25x the floor's 40 ms.
        assertThat(figure.targets()).extracting(TargetCheck::verdict)
                .containsExactly(TargetCheck.Verdict.MET, TargetCheck.Verdict.MISSED);
    }

    @Test
    void theLoadedTargetNeedsTheOfferedRateAchieved() {
        LagRun starved = run(100, 30, 60);
        starved.acked.set(900);
        Map<Integer, KafkaFloor.Result> floors = Map.of(100, new KafkaFloor.Result(latencies(10, 40), 0));

        Figure figure = LagFigure.build(List.of(starved), floors, PeerLag.notMeasured("kamailio not found"), 500, true);

        assertThat(figure.targets()).extracting(TargetCheck::verdict)
                .containsExactly(TargetCheck.Verdict.NOT_MEASURED, TargetCheck.Verdict.MISSED);
        assertThat(figure.targets().get(1).measured()).startsWith("90");
    }

    @Test
    void withoutThePeerItsRatiosAreEmptyAndTheNotesSayWhy() {
        List<LagRun> runs = List.of(run(1, 4, 12));
        Map<Integer, KafkaFloor.Result> floors = Map.of(1, new KafkaFloor.Result(latencies(2, 3), 0));

        Figure figure = LagFigure.build(runs, floors, PeerLag.notMeasured("kamailio not found"), 500, true);

        Map<String, Object> idle = row(figure, LagFigure.PROJECT, 1);
        assertThat(number(idle, "p50 / floor")).isCloseTo(2.0, within(0.01));
        assertThat(idle.get("p50 / peer")).isNull();
        assertThat(idle.get("p99 / peer")).isNull();
        assertThat(figure.rows()).noneMatch(r -> LagFigure.PEER.equals(r.get("path")));
        assertThat(figure.notes()).contains("peer not measured: kamailio not found");
        // The idle target needs only the floor; without a run at 100/s the loaded one is not measured.
        assertThat(figure.targets()).extracting(TargetCheck::verdict)
                .containsExactly(TargetCheck.Verdict.MET, TargetCheck.Verdict.NOT_MEASURED);
    }

    @Test
    void lowRatesRunLongEnoughForTheirSamples() {
        BenchPlan quick = BenchPlan.quick();

        assertThat(PollPeriod.FINE.period()).isLessThanOrEqualTo(Duration.ofMillis(2));
        assertThat(PollPeriod.FINE.label()).isEqualTo("2 ms");
        assertThat(quick.lagRates()).startsWith(1, 10);
        assertThat(quick.lagDurationAt(1)).isEqualTo(Duration.ofSeconds(quick.lagMinSamples()));
        assertThat(quick.lagDurationAt(500)).isEqualTo(quick.lagDuration());
    }
}
