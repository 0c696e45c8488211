package io.roam.scenarios.sip;

/**
 * One call of a scenario and whether it went where it should.
 *
 * @param expected e.g. "answered at cluster-1" or "404"
 * @param observed what the caller and the phones' statistics saw
 */
public record CallCheck(String title, String expected, String observed, boolean held) {

    private static final int TITLE_WIDTH = 50;

    /** {@code call  bob (1000001) from cluster-3 ...... answered at cluster-1 in 4 ms  OK} */
    public String line() {
        String dots = ".".repeat(Math.max(3, TITLE_WIDTH - title.length()));
        return "call    %s %s %s  %s".formatted(title, dots, observed, held ? "OK" : "FAILED (expected " + expected + ")");
    }
}
