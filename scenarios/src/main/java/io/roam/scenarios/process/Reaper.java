package io.roam.scenarios.process;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stops the children of this JVM when it dies without stopping them (kill -9, a crash), so that
 * none keeps running and holding its ports. A small shell process in a session of its own reads
 * the children's pids from a pipe whose writing end only this JVM holds; the kernel closes it
 * however this JVM ends. At the end of its input the reaper thaws, terminates and, after a
 * grace period, kills every recorded child still running with the start time it had when it was
 * recorded, so that a pid the system has since given to another process is left alone. After a
 * normal exit the shutdown hook has stopped the children already, and the reaper finds none.
 */
final class Reaper {

    private static final Path BASH = Path.of("/bin/bash");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private static final String SCRIPT = """
            trap '' INT HUP TERM
            start_time() {
                local stat
                stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
                set -- ${stat##*) }
                echo "${20}"
            }
            children=()
            while read -r pid; do
                started=$(start_time "$pid") && children+=("$pid:$started")
            done
            live=()
            for child in "${children[@]}"; do
                [ "$(start_time "${child%%:*}")" = "${child#*:}" ] && live+=("${child%%:*}")
            done
            [ ${#live[@]} -eq 0 ] && exit 0
            kill -CONT "${live[@]}" 2>/dev/null
            kill -TERM "${live[@]}" 2>/dev/null
            for _ in $(seq 300); do
                running=0
                for pid in "${live[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
                [ $running -eq 0 ] && exit 0
                sleep 0.1
            done
            kill -KILL "${live[@]}" 2>/dev/null
            """;

    private static OutputStream pids;
    private static boolean unavailable;

    private Reaper() {
    }

    /** Records a child just started; the first call starts the reaper. */
    static synchronized void watch(long pid) {
        if (unavailable) {
            return;
        }
        try {
            if (pids == null) {
                pids = start();
            }
            pids.write((pid + "\n").getBytes(StandardCharsets.US_ASCII));
            pids.flush();
        } catch (IOException e) {
            // Without a reaper only kill -9 of this JVM leaves children behind; everything else still stops them.
            unavailable = true;
            System.err.println("roam: children will outlive a killed launcher: no reaper (" + e + ")");
        }
    }

    private static OutputStream start() throws IOException {
        if (!Files.isExecutable(BASH) || !Files.isDirectory(Path.of("/proc"))) {
            throw new IOException("needs " + BASH + " and /proc");
        }
        ProcessBuilder builder = Files.isExecutable(SETSID)
                ? new ProcessBuilder(SETSID.toString(), BASH.toString(), "-c", SCRIPT)
                : new ProcessBuilder(BASH.toString(), "-c", SCRIPT);
        Process reaper = builder.redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
        return reaper.getOutputStream();
    }
}
