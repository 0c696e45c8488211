package io.roam.scenarios.bench;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What the PIN check alone allows: the CPU time of one bcrypt check at a cost, measured on this
 * machine with the spoke's own encoder, and the logins per second all cores could check if they
 * did nothing else (cores divided by CPU-seconds per check). A login checks one PIN; a logout none.
 */
record HashingCeiling(int cost, double cpuMillisPerCheck, int cores) {

    /** Checks for about a fifth of a second of CPU, after a warm-up. */
    static HashingCeiling measure(int cost, int cores) {
        BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(cost);
        String hash = encoder.encode("1234");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            check(encoder, hash);
        }
        long started = threads.getCurrentThreadCpuTime();
        int checks = 0;
        while (threads.getCurrentThreadCpuTime() - started < 200_000_000L || checks < 3) {
            check(encoder, hash);
            checks++;
        }
        double cpuMillis = (threads.getCurrentThreadCpuTime() - started) / 1e6 / checks;
        return new HashingCeiling(cost, cpuMillis, cores);
    }

    private static void check(BCryptPasswordEncoder encoder, String hash) {
        if (!encoder.matches("1234", hash)) {
            throw new IllegalStateException("bcrypt did not match its own hash");
        }
    }

    double loginsPerSecond() {
        return cores * 1000.0 / cpuMillisPerCheck;
    }
}
