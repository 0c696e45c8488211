package io.roam.scenarios.bench.report;

import java.util.List;

/** What results.json holds: the run, the machine, every target's verdict, and every figure. */
public record BenchReport(String mode, String startedAt, String finishedAt, double minutes, String runDirectory,
                   Machine machine, List<TargetCheck> targets, List<Figure> figures) {

    public BenchReport {
        targets = List.copyOf(targets);
        figures = List.copyOf(figures);
    }
}
