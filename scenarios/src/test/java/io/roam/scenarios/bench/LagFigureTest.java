package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        LagRun run = new LagRun(rate, PollPeriod.forLogins(rate), Duration.ofSeconds(10), List.of("cluster-2"));
        fill(run.everywhere, p50Millis, p99Millis);
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
        List<LagRun> runs = List.of(run(10, 4, 12), run(500, 30, 90));
        Map<Integer, KafkaFloor.Result> floors = Map.of(
                10, new KafkaFloor.Result(latencies(2, 3), 0),
                500, new KafkaFloor.Result(latencies(10, 45), 0));
        PeerLag peer = new PeerLag(Map.of(10, peer(10, latencies(1, 2)), 500, peer(500, latencies(2, 6))), "");

        Figure figure = LagFigure.build(runs, floors, peer, 500);

        Map<String, Object> idle = row(figure, LagFigure.PROJECT, 10);
        assertThat(number(idle, "p50 / floor")).isCloseTo(2.0, within(0.01));
        assertThat(number(idle, "p99 / floor")).isCloseTo(4.0, within(0.01));
        assertThat(number(idle, "p50 / peer")).isCloseTo(4.0, within(0.01));
        assertThat(number(idle, "p99 / peer")).isCloseTo(6.0, within(0.01));
        assertThat(number(idle, "poll ms")).isEqualTo(2.0);
        Map<String, Object> busy = row(figure, LagFigure.PROJECT, 500);
        assertThat(number(busy, "p50 / floor")).isCloseTo(3.0, within(0.01));
        assertThat(number(busy, "p99 / peer")).isCloseTo(15.0, within(0.05));
        assertThat(number(busy, "poll ms")).isEqualTo(10.0);
        Map<String, Object> floor = row(figure, LagFigure.FLOOR, 10);
        assertThat(number(floor, "p50 / peer")).isCloseTo(2.0, within(0.01));
        assertThat(number(floor, "p99 / peer")).isCloseTo(1.5, within(0.01));
        Map<String, Object> peerRow = row(figure, LagFigure.PEER, 500);
        assertThat(number(peerRow, "p99 ms")).isCloseTo(6.0, within(0.01));
        assertThat(number(peerRow, "achieved/s")).isEqualTo(500.0);
        assertThat(figure.notes()).anyMatch(note -> note.contains("every 2 ms at 10/s and 10 ms at 500/s"));
        assertThat(figure.notes()).anyMatch(note -> note.startsWith("Peer: "));
        assertThat(figure.curves()).extracting(Series::name).contains("everywhere 10/s", "floor 10/s", "peer 10/s");
        assertThat(figure.targets()).extracting(TargetCheck::verdict)
                .containsExactly(TargetCheck.Verdict.MET, TargetCheck.Verdict.MISSED);
    }

    @Test
    void withoutThePeerItsRatiosAreEmptyAndTheNotesSayWhy() {
        List<LagRun> runs = List.of(run(1, 4, 12));
        Map<Integer, KafkaFloor.Result> floors = Map.of(1, new KafkaFloor.Result(latencies(2, 3), 0));

        Figure figure = LagFigure.build(runs, floors, PeerLag.notMeasured("kamailio not found"), 500);

        Map<String, Object> idle = row(figure, LagFigure.PROJECT, 1);
        assertThat(number(idle, "p50 / floor")).isCloseTo(2.0, within(0.01));
        assertThat(idle.get("p50 / peer")).isNull();
        assertThat(idle.get("p99 / peer")).isNull();
        assertThat(figure.rows()).noneMatch(r -> LagFigure.PEER.equals(r.get("path")));
        assertThat(figure.notes()).contains("peer not measured: kamailio not found");
        assertThat(figure.targets()).extracting(TargetCheck::verdict).containsOnly(TargetCheck.Verdict.NOT_MEASURED);
    }

    @Test
    void lowRatesArePolledFinelyAndRunLongEnoughForTheirSamples() {
        BenchPlan quick = BenchPlan.quick();

        assertThat(PollPeriod.forLogins(1)).isEqualTo(PollPeriod.FINE);
        assertThat(PollPeriod.forLogins(10)).isEqualTo(PollPeriod.FINE);
        assertThat(PollPeriod.forLogins(100)).isEqualTo(PollPeriod.COARSE);
        assertThat(PollPeriod.FINE.period()).isLessThanOrEqualTo(Duration.ofMillis(2));
        assertThat(PollPeriod.FINE.label()).isEqualTo("2 ms");
        assertThat(quick.lagRates()).startsWith(1, 10);
        assertThat(quick.lagDurationAt(1)).isEqualTo(Duration.ofSeconds(quick.lagMinSamples()));
        assertThat(quick.lagDurationAt(500)).isEqualTo(quick.lagDuration());
    }
}
