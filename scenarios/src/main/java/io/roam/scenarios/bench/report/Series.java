package io.roam.scenarios.bench.report;

import java.util.List;

/** One latency distribution of a chart: latency in milliseconds at each percentile. */
public record Series(String name, List<Point> points) {

    public Series {
        // A distribution with no samples has no curve (and JSON has no NaN).
        points = points.stream().filter(p -> Double.isFinite(p.millis())).toList();
    }

    public record Point(double percentile, double millis) {
    }
}
