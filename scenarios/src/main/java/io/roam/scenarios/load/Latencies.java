package io.roam.scenarios.load;

import io.roam.scenarios.bench.report.Series;
import java.util.List;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies recorded in microseconds from any thread, three significant digits, up to an hour. */
public final class Latencies {

    /** Where the percentile curves of the charts are sampled. */
    static final List<Double> CURVE_PERCENTILES = List.of(0.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.5, 99.9, 99.95, 99.99, 100.0);

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);

    public void recordNanos(long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** In milliseconds; NaN when nothing was recorded. */
    public double percentileMillis(double percentile) {
        if (count() == 0) {
            return Double.NaN;
        }
        long micros = percentile >= 100 ? histogram.getMaxValue()
                : percentile <= 0 ? histogram.getMinValue() : histogram.getValueAtPercentile(percentile);
        return micros / 1000.0;
    }

    public Summary summary() {
        return new Summary(count(), percentileMillis(50), percentileMillis(99), percentileMillis(99.9), percentileMillis(100));
    }

    /** The percentile curve of a chart, named. */
    public Series series(String name) {
        return new Series(name, CURVE_PERCENTILES.stream()
                .map(p -> new Series.Point(p, percentileMillis(p)))
                .toList());
    }

    /** The usual figures of one latency distribution, in milliseconds. */
    public record Summary(long count, double p50, double p99, double p999, double max) {
    }
}
