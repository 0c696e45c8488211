package io.roam.scenarios.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.scenarios.load.Latencies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    private static BenchReport report() {
        Latencies latencies = new Latencies();
        for (int i = 1; i <= 1_000; i++) {
            latencies.recordNanos(i * 1_000_000L);
        }
        Figure lag = Figure.builder("lag", "1. Lag", "path", "rate/s", "p99 ms")
                .row("visible everywhere", 500, latencies.summary().p99())
                .row("floor", 500, Double.NaN)
                .curve(latencies.series("everywhere 500/s"))
                .curve(new Latencies().series("nothing recorded"))
                .note("a note")
                .target(TargetCheck.of("lag p99 <= 100 ms", "990 ms", false))
                .build();
        Figure missing = Figure.notMeasured("scale", "7. Scale", "not done", List.of("scale target"));
        Machine machine = new Machine(2, "java 17", "Linux", "up 1 day, load average: 0.50, 0.40, 0.30", "load average: 1.00, 1, 1");
        return new BenchReport("quick", "2026-01-01T00:00", "2026-01-01T00:02", 2.0, "/tmp/run", machine,
                List.of(lag.targets().get(0), missing.targets().get(0)), List.of(lag, missing));
    }

    @Test
    void writesJsonMarkdownAndAChartPerFigureWithCurves() throws IOException {
        ReportWriter.write(report(), dir);

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.path("machine").path("uptimeBefore").asText()).contains("load average");
        assertThat(json.path("figures").get(0).path("rows").get(0).path("p99 ms").asDouble()).isBetween(985.0, 995.0);
        assertThat(json.path("figures").get(0).path("rows").get(1).path("p99 ms").isNull()).isTrue();
        assertThat(json.path("targets").get(1).path("verdict").asText()).isEqualTo("NOT_MEASURED");
        assertThat(dir.resolve("lag.svg")).exists();
        assertThat(dir.resolve("scale.svg")).doesNotExist();

        String md = Files.readString(dir.resolve("results.md"));
        assertThat(md).contains("| path | rate/s | p99 ms |", "|---|---|---|", "| visible everywhere | 500 | 990 |",
                "| floor | 500 | - |", "| lag p99 <= 100 ms | 990 ms | MISSED |", "| scale target | - | NOT MEASURED |",
                "**not measured**", "- not done", "![1. Lag](lag.svg)");
    }

    @Test
    void theChartIsSvgWithALineAndALegendPerSeries() {
        Figure figure = report().figures().get(0);

        String svg = SvgChart.render(figure.title(), figure.curves());

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
        assertThat(svg).contains("everywhere 500/s", "99.9%", "max", "1000 ms");
        assertThat(svg.split("<polyline", -1)).hasSize(2);
    }

    @Test
    void numbersGetAsManyDecimalsAsTheyDeserve() {
        assertThat(ReportWriter.format(1234.567)).isEqualTo("1235");
        assertThat(ReportWriter.format(12.345)).isEqualTo("12.3");
        assertThat(ReportWriter.format(1.2345)).isEqualTo("1.23");
        assertThat(ReportWriter.format(0.12345)).isEqualTo("0.123");
        assertThat(ReportWriter.format(42L)).isEqualTo("42");
        assertThat(ReportWriter.format(Double.NaN)).isEqualTo("-");
        assertThat(ReportWriter.format("a|b")).isEqualTo("a\\|b");
    }

    @Test
    void percentilesArePlacedLikeHdrHistogramPlots() {
        assertThat(SvgChart.percentilePosition(0)).isZero();
        assertThat(SvgChart.percentilePosition(90)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(SvgChart.percentilePosition(99.9)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
    }
}
