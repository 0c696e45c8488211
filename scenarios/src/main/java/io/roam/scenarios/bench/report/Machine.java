package io.roam.scenarios.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the numbers were measured on: benchmarks on a shared two-core box mean little without the load. */
public record Machine(int cores, String java, String os, String uptimeBefore, String uptimeAfter) {

    public static Machine before() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                uptime(), null);
    }

    public Machine after() {
        return new Machine(cores, java, os, uptimeBefore, uptime());
    }

    /** The load averages over 1, 5 and 15 minutes, as {@code uptime} prints them. */
    static String uptime() {
        try {
            Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return out;
            }
        } catch (IOException e) {
            // no uptime command: the kernel's file says the same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return "loadavg " + Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The one-minute load average of an uptime line, NaN if it has none. */
    static double load1(String uptime) {
        Matcher m = Pattern.compile("load average[s]?:\\s*([0-9.]+)").matcher(uptime);
        if (m.find()) {
            return Double.parseDouble(m.group(1));
        }
        m = Pattern.compile("^loadavg ([0-9.]+)").matcher(uptime);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
