package io.roam.scenarios.bench.report;

/** Where a bench says what it is doing: a run takes minutes, and its console should show why. */
@FunctionalInterface
public interface Progress {

    void say(String line);
}
