package io.roam.scenarios.sip;

import io.roam.scenarios.process.ChildProcess;
import io.roam.scenarios.process.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The caller: a SIPp UAC ({@code sip/caller.xml}) that places calls through one proxy, one short
 * call (INVITE, 200, ACK, BYE) per DN of its list, at a fixed rate, and logs each call it finished.
 */
public final class SippCaller {

    /** SIPp's exit codes when it ran its calls: all succeeded, or some failed. */
    private static final List<Integer> RAN = List.of(0, 1);
    /** A call that hears nothing for this long fails instead of holding the run. */
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);

    private SippCaller() {
    }

    /**
     * @param dns            dialled in turn, from the first again once all were dialled
     * @param calls          how many calls to place in all
     * @param callsPerSecond the fixed rate
     * @param maxConcurrent  calls in progress at most (SIPp's {@code -l})
     * @param timeout        how long the whole run may take
     * @param caller         the user part of the caller's From: a DN, for an emergency call routed by who calls
     */
    public record Plan(List<String> dns, int calls, int callsPerSecond, int maxConcurrent, Duration timeout, String caller) {

        public Plan {
            dns = List.copyOf(dns);
            if (dns.isEmpty() || calls < 1 || callsPerSecond < 1 || maxConcurrent < 1) {
                throw new IllegalArgumentException("a plan needs DNs, calls, a rate and a concurrency");
            }
            if (!caller.matches("[0-9A-Za-z+*#._-]+")) {
                throw new IllegalArgumentException("a caller is a DN or a plain name: " + caller);
            }
        }

        public Plan(List<String> dns, int calls, int callsPerSecond, int maxConcurrent, Duration timeout) {
            this(dns, calls, callsPerSecond, maxConcurrent, timeout, "caller");
        }

        /** One call to one DN. */
        public static Plan single(String dn) {
            return new Plan(List.of(dn), 1, 1, 1, RECEIVE_TIMEOUT.plusSeconds(20));
        }

        /** One call to one number from the phone of the user with the {@code caller} DN. */
        public static Plan from(String caller, String number) {
            return new Plan(List.of(number), 1, 1, 1, RECEIVE_TIMEOUT.plusSeconds(20), caller);
        }
    }

    /**
     * @param calls  every call SIPp finished (answered or refused), in the order they finished
     * @param placed the calls the plan asked for: those missing from {@code calls} failed (no final response,
     *               an unexpected message) or were never placed
     */
    public record Result(List<SipCall> calls, int placed, Path directory) {

        public Result {
            calls = List.copyOf(calls);
        }

        public int failed() {
            return placed - calls.size();
        }
    }

    /** Runs SIPp until it placed every call of the plan, in {@code directory} (its logs stay there). */
    public static Result run(SipTools tools, String proxyAddress, Plan plan, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path scenario = SippPhones.resource("caller.xml", directory);
        Path dns = directory.resolve("dns.csv");
        Files.writeString(dns, plan.dns().stream().map(dn -> dn + ";" + plan.caller() + ";\n")
                .collect(Collectors.joining("", "SEQUENTIAL\n", "")));
        Path calls = directory.resolve("calls.log");
        Files.deleteIfExists(calls);
        ChildProcess sipp = ChildProcess.builder("caller")
                .executable(tools.sipp())
                .args("-sf", scenario.toString(), "-inf", dns.toString(),
                        "-m", Integer.toString(plan.calls()), "-r", Integer.toString(plan.callsPerSecond()), "-rp", "1000",
                        "-l", Integer.toString(plan.maxConcurrent()),
                        "-i", "127.0.0.1", "-p", Integer.toString(FreePorts.allocateUdp(1)[0]), "-nostdin",
                        "-buff_size", Integer.toString(SipTools.SOCKET_BUFFER_BYTES),
                        "-recv_timeout", Long.toString(RECEIVE_TIMEOUT.toMillis()),
                        "-timeout", Long.toString(plan.timeout().toSeconds()),
                        "-trace_logs", "-log_file", calls.toString(),
                        "-trace_stat", "-stf", directory.resolve("caller-stats.csv").toString(), "-fd", "1",
                        "-trace_err", "-error_file", directory.resolve("caller-errors.log").toString(),
                        proxyAddress)
                .logFile(directory.resolve("caller.log"))
                .workingDirectory(directory)
                .newSession()
                .build();
        sipp.start();
        OptionalInt exit = sipp.awaitExit(plan.timeout().plusSeconds(10));
        if (exit.isEmpty()) {
            sipp.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("sipp caller still running after " + plan.timeout().toSeconds() + " s; see "
                    + directory);
        }
        if (!RAN.contains(exit.getAsInt())) {
            throw new IllegalStateException("sipp caller exited with " + exit.getAsInt() + ":\n" + sipp.logTail(20));
        }
        List<SipCall> finished = Files.exists(calls)
                ? Files.readAllLines(calls).stream().filter(line -> !line.isBlank()).map(SipCall::parse).toList()
                : List.of();
        return new Result(finished, plan.calls(), directory);
    }
}
