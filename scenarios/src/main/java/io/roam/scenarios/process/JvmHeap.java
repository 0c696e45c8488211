package io.roam.scenarios.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The live heap of another JVM: a full GC ({@code jcmd GC.run}), then the used heap ({@code GC.heap_info}). */
public final class JvmHeap {

    /** Every collector prints its heap areas as "… total 9792K, used 1234K"; Metaspace has no "total". */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private JvmHeap() {
    }

    /** Used heap in bytes after a full collection. */
    public static long usedAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        return usedBytes(jcmd(pid, "GC.heap_info"));
    }

    /** The live objects by class, biggest first ({@code jcmd GC.class_histogram}, which collects first). */
    public static String classHistogram(long pid) {
        return jcmd(pid, "GC.class_histogram");
    }

    static long usedBytes(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        long kilobytes = 0;
        boolean found = false;
        while (m.find()) {
            kilobytes += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figures in GC.heap_info: " + heapInfo);
        }
        return kilobytes * 1024;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = ChildProcess.javaExecutable().resolveSibling("jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during jcmd " + command, e);
        }
    }
}
