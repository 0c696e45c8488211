package io.roam.scenarios.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roam.scenarios.client.JsonHttp;
import io.roam.scenarios.topology.NodeStatus;
import io.roam.scenarios.topology.RunningTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The control endpoint of a {@code roam up}, on 127.0.0.1 only, so that other {@code roam} commands
 * can act on its processes, which stay its children and are stopped when it exits:
 * <ul>
 *   <li>{@code GET /api/v1/topology} — the {@link TopologyStatus}</li>
 *   <li>{@code POST /api/v1/nodes/{name}/{start|stop|kill|pause|resume}} — the node's {@link NodeStatus}
 *       afterwards; a start answers once the node is healthy</li>
 * </ul>
 * Errors answer {@code {"error": "..."}}: 404 for an unknown node or action, 409 for an action the
 * node's state refuses (start while running, anything else while down), 500 for a failure (a start
 * that never got healthy).
 * The port and the pids are also written to {@code <runDir>/control.json}.
 */
public final class ControlServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 8079;
    public static final String CONTROL_FILE = "control.json";

    private static final String NODES = "/api/v1/nodes/";
    private static final Set<String> ACTIONS = Set.of("start", "stop", "kill", "pause", "resume");

    private final RunningTopology topology;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Path controlFile;

    private ControlServer(RunningTopology topology, HttpServer server, ExecutorService executor) {
        this.topology = topology;
        this.server = server;
        this.executor = executor;
        this.controlFile = topology.runDir().resolve(CONTROL_FILE);
    }

    /** Binds 127.0.0.1:{@code port} (0 for any free port) and writes control.json. */
    public static ControlServer start(RunningTopology topology, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        // Several threads: a start takes seconds and status requests must not wait behind it.
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "roam-control");
            thread.setDaemon(true);
            return thread;
        });
        ControlServer control = new ControlServer(topology, server, executor);
        server.createContext("/api/v1/topology", control::topology);
        server.createContext(NODES, control::act);
        server.setExecutor(executor);
        server.start();
        control.writeControlFile();
        return control;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Path controlFile() {
        return controlFile;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            Files.deleteIfExists(controlFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + controlFile, e);
        }
    }

    private void topology(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, error("use GET"));
            return;
        }
        respond(exchange, 200, status());
    }

    private void act(HttpExchange exchange) throws IOException {
        String[] target = exchange.getRequestURI().getPath().substring(NODES.length()).split("/");
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, error("use POST"));
            return;
        }
        if (target.length != 2 || !ACTIONS.contains(target[1])) {
            respond(exchange, 404, error("expected POST " + NODES + "{node}/{" + String.join("|", ACTIONS) + "}"));
            return;
        }
        String node = target[0];
        String action = target[1];
        try {
            boolean alive = topology.node(node).isAlive();
            if (alive == "start".equals(action)) {
                respond(exchange, 409, error(node + (alive ? " is already running" : " is not running")));
                return;
            }
            switch (action) {
                case "start" -> topology.start(node);
                case "stop" -> topology.stop(node);
                case "kill" -> topology.kill(node);
                case "pause" -> topology.pause(node);
                default -> topology.resume(node);
            }
            writeControlFile();
            respond(exchange, 200, topology.status(node));
        } catch (IllegalArgumentException e) {
            respond(exchange, 404, error(e.getMessage()));
        } catch (RuntimeException e) {
            respond(exchange, 500, error(e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    private TopologyStatus status() {
        return new TopologyStatus(ProcessHandle.current().pid(), topology.runDir().toString(),
                topology.startupTime().toMillis(), topology.status());
    }

    /** Written atomically: {@code roam} commands read it to find this endpoint. */
    private synchronized void writeControlFile() throws IOException {
        ObjectNode file = JsonHttp.JSON.createObjectNode();
        file.put("port", port());
        file.put("launcherPid", ProcessHandle.current().pid());
        file.put("runDir", topology.runDir().toString());
        ObjectNode pids = file.putObject("nodes");
        topology.nodes().forEach(node -> {
            if (node.pid().isPresent()) {
                pids.put(node.name(), node.pid().getAsLong());
            } else {
                pids.putNull(node.name());
            }
        });
        Path staging = controlFile.resolveSibling(CONTROL_FILE + ".tmp");
        JsonHttp.JSON.writerWithDefaultPrettyPrinter().writeValue(staging.toFile(), file);
        Files.move(staging, controlFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ObjectNode error(String message) {
        return JsonHttp.JSON.createObjectNode().put("error", message);
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JsonHttp.JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
