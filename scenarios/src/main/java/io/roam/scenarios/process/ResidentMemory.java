package io.roam.scenarios.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/** The resident set size of a process as {@code ps -o rss} reports it, in KiB. */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** Empty if the process is gone or ps is unavailable: memory is reported, never required. */
    public static OptionalLong kilobytes(long pid) {
        try {
            Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return ps.waitFor() == 0 && output.matches("\\d+") ? OptionalLong.of(Long.parseLong(output)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
