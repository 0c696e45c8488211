package io.roam.scenarios.demo;

import java.time.Duration;

/**
 * One step of a story as it was played.
 *
 * @param elapsed from the acknowledged call until every spoke showed its effect (zero if it failed)
 * @param outcome what was measured, e.g. "seen everywhere in 43 ms", or why it failed
 */
public record StepResult(int number, String title, Duration elapsed, String outcome, boolean ok) {

    private static final int TITLE_WIDTH = 44;

    /** {@code step 2  bob logs in at cluster-1 ........ seen everywhere in 43 ms  OK} */
    public String line() {
        String dots = ".".repeat(Math.max(3, TITLE_WIDTH - title.length()));
        return "step %d  %s %s %s  %s".formatted(number, title, dots, outcome, ok ? "OK" : "FAILED");
    }

    static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    static String seconds(Duration duration) {
        return "%.1f s".formatted(duration.toMillis() / 1000.0);
    }
}
