package io.roam.scenarios.sip;

import io.roam.scenarios.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The phones registered at one cluster: a SIPp UAS ({@code sip/phone.xml}) on the UDP port the
 * cluster's route string names. It answers every call, and its own statistics file
 * ({@code -trace_stat}, written every second) counts the calls that reached it.
 */
public final class SippPhones implements AutoCloseable {

    private static final String INCOMING_CALLS = "IncomingCall(C)";
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

    private final String clusterId;
    private final int port;
    private final Path statistics;
    private final ChildProcess process;

    private SippPhones(String clusterId, int port, Path statistics, ChildProcess process) {
        this.clusterId = clusterId;
        this.port = port;
        this.statistics = statistics;
        this.process = process;
    }

    /** Starts the UAS and returns once it holds its port and has written its first statistics. */
    public static SippPhones start(SipTools tools, String clusterId, int port, Path directory, Duration readyTimeout)
            throws IOException {
        Files.createDirectories(directory);
        Path scenario = resource("phone.xml", directory);
        Path statistics = directory.resolve("phones-stats.csv");
        Files.deleteIfExists(statistics);
        ChildProcess process = ChildProcess.builder("phones-" + clusterId)
                .executable(tools.sipp())
                .args("-sf", scenario.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port), "-nostdin",
                        "-buff_size", Integer.toString(SipTools.SOCKET_BUFFER_BYTES),
                        "-trace_stat", "-stf", statistics.toString(), "-fd", "1",
                        "-trace_err", "-error_file", directory.resolve("phones-errors.log").toString())
                .logFile(directory.resolve("phones.log"))
                .workingDirectory(directory)
                .newSession()
                .build();
        process.start();
        SippPhones phones = new SippPhones(clusterId, port, statistics, process);
        try {
            phones.awaitReady(readyTimeout);
        } catch (RuntimeException e) {
            phones.close();
            throw e;
        }
        return phones;
    }

    /** Copies a scenario from the classpath next to the process that runs it. */
    static Path resource(String name, Path directory) throws IOException {
        Path copy = directory.resolve(name);
        try (InputStream in = SippPhones.class.getResourceAsStream("/sip/" + name)) {
            if (in == null) {
                throw new IllegalStateException("/sip/" + name + " is not on the classpath");
            }
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    public String clusterId() {
        return clusterId;
    }

    public int port() {
        return port;
    }

    /**
     * The calls that reached these phones so far, by SIPp's statistics (up to a second behind:
     * SIPp writes them once a second).
     */
    public long incomingCalls() {
        try {
            // Only whole lines: SIPp may be appending the next one.
            String text = Files.readString(statistics);
            List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
            if (lines.size() < 2) {
                return 0;
            }
            int column = Arrays.asList(lines.get(0).split(";")).indexOf(INCOMING_CALLS);
            if (column < 0) {
                throw new IllegalStateException(statistics + " has no column " + INCOMING_CALLS);
            }
            return Long.parseLong(lines.get(lines.size() - 1).split(";")[column].strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + statistics, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(holdsPort() && hasStatistics())) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sipp phones of " + clusterId + " exited with " + process.exitCode()
                        + ":\n" + process.logTail(20));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("sipp phones of " + clusterId + " not ready on UDP " + port + " after "
                        + timeout.toSeconds() + " s:\n" + process.logTail(20));
            }
            try {
                Thread.sleep(PROBE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private boolean holdsPort() {
        try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (BindException e) {
            return true;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean hasStatistics() {
        try {
            return Files.exists(statistics) && Files.readAllLines(statistics).size() >= 2;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
