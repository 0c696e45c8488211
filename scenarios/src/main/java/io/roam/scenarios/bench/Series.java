package io.roam.scenarios.bench;

import java.util.List;

/** One latency distribution of a chart: latency in milliseconds at each percentile. */
record Series(String name, List<Point> points) {

    Series {
        // A distribution with no samples has no curve (and JSON has no NaN).
        points = points.stream().filter(p -> Double.isFinite(p.millis())).toList();
    }

    record Point(double percentile, double millis) {
    }
}
