package io.roam.scenarios.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.JsonHttp;
import io.roam.scenarios.topology.NodeStatus;
import io.roam.scenarios.topology.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Talks to the control endpoint of a running {@code roam up}. */
public final class ControlClient {

    /** A start waits for the node to be healthy, which can take minutes on a loaded machine. */
    private static final Duration ACTION_TIMEOUT = Duration.ofMinutes(5);

    private final int port;
    private final JsonHttp http;

    public ControlClient(int port) {
        this.port = port;
        this.http = new JsonHttp("http://127.0.0.1:" + port, Optional.empty(), ACTION_TIMEOUT);
    }

    /**
     * The endpoint of the {@code roam up} that wrote {@code <runs>/current/control.json}, else the
     * default port.
     */
    public static ControlClient locate(Path runs) {
        return new ControlClient(RunDirectory.current(runs)
                .map(dir -> dir.resolve(ControlServer.CONTROL_FILE))
                .filter(Files::isRegularFile)
                .flatMap(ControlClient::portIn)
                .orElse(ControlServer.DEFAULT_PORT));
    }

    private static Optional<Integer> portIn(Path controlFile) {
        try {
            JsonNode port = JsonHttp.JSON.readTree(controlFile.toFile()).path("port");
            return port.isInt() ? Optional.of(port.asInt()) : Optional.empty();
        } catch (IOException e) {
            // Being rewritten or left half-written by a killed launcher: the default port is the next best guess.
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    /** The topology, or empty if no {@code roam up} answers on this port. */
    public Optional<TopologyStatus> probe() {
        ApiResponse answer;
        try {
            answer = http.get("/api/v1/topology");
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        if (!answer.isOk() || !answer.body().path("nodes").isArray()) {
            throw new IllegalStateException("something other than `roam up` answers on 127.0.0.1:" + port + ": " + answer);
        }
        return Optional.of(read(answer.body(), TopologyStatus.class));
    }

    /** The topology; an error that says so if no {@code roam up} is running. */
    public TopologyStatus topology() {
        return probe().orElseThrow(this::noRoamUp);
    }

    /** start, stop, kill, pause or resume one node; returns its status afterwards. */
    public NodeStatus act(String node, String action) {
        ApiResponse answer;
        try {
            answer = http.send("POST", "/api/v1/nodes/" + node + "/" + action, null);
        } catch (UncheckedIOException e) {
            throw noRoamUp();
        }
        if (!answer.isOk()) {
            String error = answer.text("error");
            throw new IllegalStateException(action + " " + node + ": " + (error != null ? error : answer.toString()));
        }
        return read(answer.body(), NodeStatus.class);
    }

    private IllegalStateException noRoamUp() {
        return new IllegalStateException("no `roam up` is running (nothing answers on 127.0.0.1:" + port
                + "); start one with `scenarios/roam up`");
    }

    private static <T> T read(JsonNode json, Class<T> type) {
        try {
            return JsonHttp.JSON.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected answer from the control endpoint: " + json, e);
        }
    }
}
