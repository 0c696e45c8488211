package io.roam.scenarios.bench;

/** Where a bench says what it is doing: a run takes minutes, and its console should show why. */
@FunctionalInterface
interface Progress {

    void say(String line);
}
