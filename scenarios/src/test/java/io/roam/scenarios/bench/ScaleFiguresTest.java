package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.TargetCheck;
import io.roam.scenarios.load.Latencies;
import io.roam.scenarios.simulation.Deliveries;
import io.roam.scenarios.simulation.SimulatedSpokes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleFiguresTest {

    private static final BenchPlan.Shape LARGE = new BenchPlan.Shape(10, 20);

    /** 100 logins from cluster 0, half read everywhere after {@code p50Millis}, half after {@code p99Millis}. */
    private static Deliveries deliveries(int clusters, double p50Millis, double p99Millis) {
        Deliveries deliveries = new Deliveries(clusters);
        for (int seq = 1; seq <= 100; seq++) {
            deliveries.expect(0, seq, 0, 1);
            long at = (long) ((seq % 2 == 0 ? p50Millis : p99Millis) * 1e6);
            for (int receiver = 1; receiver < clusters; receiver++) {
                deliveries.received(receiver, 0, seq, at);
            }
        }
        return deliveries;
    }

    private static ScaleBench.RateRun rate(BenchPlan.Shape shape, int rate, double p50Millis, double p99Millis,
                                           long loginCopies) {
        WriteAmplification writes = new WriteAmplification(100, 1, new BrokerWrites(100, 100, loginCopies - 100, 0, 0, 50, 0),
                loginCopies, 0, shape.hubs());
        return new ScaleBench.RateRun(rate, deliveries(shape.clusters(), p50Millis, p99Millis), writes);
    }

    private static ScaleBench.ShapeRun shape(BenchPlan.Shape shape, SimulatedSpokes.Join join, BrokerWrites idle,
                                             Map<Integer, KafkaFloor.Result> floors, ScaleBench.RateRun... rates) {
        return new ScaleBench.ShapeRun(shape, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), join, idle,
                10, floors, List.of(rates), 0, 0, 0, 0, 4, Map.of());
    }

    private static SimulatedSpokes.Join join(double learnedSeconds, double knownSeconds) {
        return new SimulatedSpokes.Join(Duration.ofMillis((long) (learnedSeconds * 1000)), Duration.ofSeconds(1),
                Duration.ofMillis((long) (knownSeconds * 1000)), 5_000);
    }

    private static KafkaFloor.Result floor(double p50Millis, double p99Millis) {
        Latencies latencies = new Latencies();
        for (int i = 0; i < 50; i++) {
            latencies.recordNanos((long) (p50Millis * 1e6));
            latencies.recordNanos((long) (p99Millis * 1e6));
        }
        return new KafkaFloor.Result(latencies, 0);
    }

    private static TargetCheck target(Figure figure, String target) {
        return figure.targets().stream().filter(t -> t.target().equals(target)).findFirst().orElseThrow();
    }

    @Test
    void theTargetsAreJudgedOnTheDefaultShapeAgainstItsFloorAndOnTheLargestShape() {
        ScaleBench.ShapeRun small = shape(BenchPlan.Shape.DEFAULT, join(0.1, 0.2), new BrokerWrites(40, 10, 10, 0, 0, 20, 0),
                Map.of(20, floor(4, 12)), rate(BenchPlan.Shape.DEFAULT, 20, 8, 30, 300));
        // 10 hubs: 12 login records per login (100 outbound + 1,100 copies), a third of a second to join.
        ScaleBench.ShapeRun large = shape(LARGE, join(0.3, 0.6), new BrokerWrites(2_000, 100, 100, 0, 0, 1_500, 0),
                Map.of(), rate(LARGE, 100, 300, 900, 1_100));

        ScaleFigures figures = new ScaleFigures(List.of(small, large), List.of(), false);
        Figure lag = figures.lag();
        Figure writes = figures.writes();

        TargetCheck defaultShape = target(lag, ScaleFigures.TARGET_DEFAULT);
        assertThat(defaultShape.verdict()).isEqualTo(TargetCheck.Verdict.MISSED);
        assertThat(defaultShape.measured()).contains("vs the floor's 4.00 / 12.0 ms (2.00x / 2.50x)");
        assertThat(target(lag, ScaleFigures.TARGET_LAG).verdict()).isEqualTo(TargetCheck.Verdict.MET);
        assertThat(target(lag, ScaleFigures.TARGET_JOIN).verdict()).isEqualTo(TargetCheck.Verdict.MET);
        assertThat(lag.rows()).anyMatch(row -> "floor (kafka-clients)".equals(row.get("read by")) && row.get("rate/s").equals(20));
        assertThat(target(writes, ScaleFigures.TARGET_LOGIN_RECORDS).verdict()).isEqualTo(TargetCheck.Verdict.MET);
        // 200 hub heartbeat records in 10 s: 20/s; 3,700 offsets in 10 s: 370/s.
        assertThat(target(writes, ScaleFigures.TARGET_HEARTBEATS).measured()).startsWith("20/s at 10x20 (meshes 10, feeds 10)");
        assertThat(target(writes, ScaleFigures.TARGET_HEARTBEATS).verdict()).isEqualTo(TargetCheck.Verdict.MET);
        assertThat(target(writes, ScaleFigures.TARGET_IDLE).verdict()).isEqualTo(TargetCheck.Verdict.MET);
    }

    @Test
    void aSlowJoinAndACopyTooManyAreMissed() {
        ScaleBench.ShapeRun large = shape(LARGE, join(0.5, 6.0), new BrokerWrites(25_000, 0, 0, 0, 0, 0, 0),
                Map.of(), rate(LARGE, 100, 300, 1_200, 1_300));

        ScaleFigures figures = new ScaleFigures(List.of(large), List.of(), false);

        assertThat(target(figures.lag(), ScaleFigures.TARGET_JOIN).verdict()).isEqualTo(TargetCheck.Verdict.MISSED);
        assertThat(target(figures.lag(), ScaleFigures.TARGET_LAG).verdict()).isEqualTo(TargetCheck.Verdict.MISSED);
        assertThat(target(figures.lag(), ScaleFigures.TARGET_DEFAULT).verdict()).isEqualTo(TargetCheck.Verdict.NOT_MEASURED);
        assertThat(target(figures.writes(), ScaleFigures.TARGET_LOGIN_RECORDS).verdict()).isEqualTo(TargetCheck.Verdict.MISSED);
        assertThat(target(figures.writes(), ScaleFigures.TARGET_IDLE).verdict()).isEqualTo(TargetCheck.Verdict.MISSED);
    }
}
