package io.roam.scenarios.topology;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A hub or a spoke: a Spring Boot executable jar in a child JVM, ready when its
 * {@code /actuator/health} answers 200 with status UP, or DEGRADED: a spoke that is caught up but
 * cut off from its peers (its hub is down, say) serves a complete directory, and a chaos test may
 * have cut it off on purpose.
 */
public final class ServiceNode implements Node {

    private static final Duration HEALTH_PROBE_INTERVAL = Duration.ofMillis(250);
    private static final Set<String> READY = Set.of("UP", "DEGRADED");

    private final Kind kind;
    private final ChildProcess process;
    private final String address;
    private final Supplier<ApiResponse> health;
    private final Duration readyTimeout;

    public ServiceNode(Kind kind, ChildProcess process, String address, Supplier<ApiResponse> health, Duration readyTimeout) {
        this.kind = kind;
        this.process = process;
        this.address = address;
        this.health = health;
        this.readyTimeout = readyTimeout;
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Path logFile() {
        return process.logFile();
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void start() throws IOException {
        process.start();
        awaitHealthy();
    }

    @Override
    public boolean stop() {
        return process.stop();
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public void pause() {
        process.pause();
    }

    @Override
    public void resume() {
        process.resume();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public boolean isPaused() {
        return process.isPaused();
    }

    @Override
    public OptionalLong pid() {
        return process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(readyTimeout);
        String lastAnswer = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited with code " + process.exitCode().orElse(-1)
                        + " while starting; log " + logFile() + ":\n" + process.logTail(60));
            }
            try {
                ApiResponse answer = health.get();
                if (answer.status() == 200 && READY.contains(answer.text("status"))) {
                    return;
                }
                lastAnswer = answer.toString();
            } catch (UncheckedIOException e) {
                lastAnswer = e.getMessage();
            }
            if (Instant.now().isAfter(deadline)) {
                String tail = process.logTail(40);
                // Where it hangs is the first question: the JVM writes the answer into its log.
                process.dumpThreads();
                throw new IllegalStateException(name() + " was not healthy within " + readyTimeout.toSeconds()
                        + " s (last health answer: " + lastAnswer + "); thread dump in " + logFile() + ", which ends:\n" + tail);
            }
            sleep(HEALTH_PROBE_INTERVAL);
        }
    }

    private void sleep(Duration interval) {
        try {
            TimeUnit.MILLISECONDS.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name() + " to be healthy", e);
        }
    }

    @Override
    public String toString() {
        return kind + " " + name() + " at " + address;
    }
}
