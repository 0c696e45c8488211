package io.roam.scenarios.sip;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.routecache.RouteCacheCommand;
import io.roam.scenarios.process.ChildProcess;
import io.roam.scenarios.process.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Kamailio as the SIP proxy of one dialing cluster, in the foreground as a child process with a
 * configuration of its own rendered from {@code sip/kamailio.cfg}: two UDP sockets on 127.0.0.1 (one
 * for callers, one for relaying to phones and their answers), no database, its pid file and
 * runtime files in its own directory. An INVITE to a DN is relayed to the route string of the
 * cluster the dialing cluster's spoke names: from the proxy's routing cache, which a route cache
 * feeder (a child JVM of {@code io.roam.routecache}) keeps equal to the spoke's change feed, or
 * from a lookup when the cache cannot answer.
 */
public final class KamailioProxy implements AutoCloseable {

    /** Kamailio 5.6's http_client counts its timeout in whole seconds; one is the shortest. */
    static final int LOOKUP_TIMEOUT_SECONDS = 1;
    /** A cache that has not heard from the feed for longer is not trusted: about two missed heartbeats of the feed. */
    static final int CACHE_STALE_SECONDS = 2;
    /** Room for two full routing tables of a million DNs each (docs/operations.md); the kernel backs only the pages used. */
    static final int SHARED_MEMORY_MB = 640;
    /** 2^20 slots a table: about one DN a slot at a million. */
    static final int TABLE_BITS = 20;
    private static final Duration FEEDER_RETRY = Duration.ofMillis(250);
    private static final Duration RPC_TIMEOUT = Duration.ofMillis(200);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    private static final String TEMPLATE = "/sip/kamailio.cfg";

    private final String clusterId;
    private final int port;
    private final KamailioRpc rpc;
    private final ChildProcess process;
    private ChildProcess feeder;

    private KamailioProxy(String clusterId, int port, KamailioRpc rpc, ChildProcess process) {
        this.clusterId = clusterId;
        this.port = port;
        this.rpc = rpc;
        this.process = process;
    }

    /**
     * What a proxy is for.
     *
     * @param spokeApi         the dialing cluster's spoke, e.g. {@code http://127.0.0.1:8083/api/v1}
     * @param routerToken      present when the spoke requires its router token: the feeder and every lookup send it
     * @param gateway          the dialing cluster's own PSTN gateway, where emergency calls leave when nothing
     *                         better is known
     * @param fixedRoute       present only for a benchmark baseline: every INVITE goes there, without a lookup
     */
    public record Settings(String clusterId, String spokeApi, Optional<String> routerToken, String gateway,
                           Optional<String> fixedRoute) {

        public static Settings of(String clusterId, String spokeApi, String gateway) {
            return new Settings(clusterId, spokeApi, Optional.empty(), gateway, Optional.empty());
        }

        public Settings withRouterToken(String token) {
            return new Settings(clusterId, spokeApi, Optional.of(token), gateway, fixedRoute);
        }

        public Settings withFixedRoute(String route) {
            return new Settings(clusterId, spokeApi, routerToken, gateway, Optional.of(route));
        }
    }

    /** The numbers routed as emergency calls. */
    public static final String EMERGENCY_NUMBERS = "^(911|112)$";

    /**
     * Starts the proxy and, unless it routes to a fixed route, its route cache feeder; returns once
     * the proxy answers an OPTIONS. Calls are then looked up until the cache is loaded.
     */
    public static KamailioProxy start(SipTools tools, Settings settings, Path directory, Duration readyTimeout)
            throws IOException {
        String clusterId = settings.clusterId();
        String spokeApi = settings.spokeApi();
        Optional<String> routerToken = settings.routerToken();
        Optional<String> fixedRoute = settings.fixedRoute();
        Files.createDirectories(directory);
        int[] ports = FreePorts.allocateUdp(3);
        int port = ports[0];
        int evapiPort = FreePorts.allocate(1)[0];
        Path config = directory.resolve("kamailio.cfg");
        Files.writeString(config, render(Map.ofEntries(
                Map.entry("CLUSTER", clusterId),
                Map.entry("LISTEN", "udp:127.0.0.1:" + port),
                Map.entry("RELAY", "udp:127.0.0.1:" + ports[1]),
                Map.entry("SPOKE_API", spokeApi),
                Map.entry("LOOKUP_TIMEOUT", Integer.toString(LOOKUP_TIMEOUT_SECONDS)),
                Map.entry("EVAPI", "127.0.0.1:" + evapiPort),
                Map.entry("CACHE_STALE", Integer.toString(CACHE_STALE_SECONDS)),
                Map.entry("TABLE_BITS", Integer.toString(TABLE_BITS)),
                Map.entry("SOCKET_BUFFER", Integer.toString(SipTools.SOCKET_BUFFER_BYTES)),
                Map.entry("RPC", "udp:127.0.0.1:" + ports[2]),
                Map.entry("FIXED_ROUTE", fixedRoute.orElse("")),
                Map.entry("EMERGENCY", EMERGENCY_NUMBERS),
                Map.entry("GATEWAY", settings.gateway()))));
        List<String> args = new ArrayList<>(List.of("-f", config.toString(), "-DD", "-E",
                "-m", Integer.toString(SHARED_MEMORY_MB), "-M", "8", "-P", directory.resolve("kamailio.pid").toString(),
                "-Y", directory.toString()));
        fixedRoute.ifPresent(route -> args.addAll(List.of("-A", "WITH_FIXED_ROUTE")));
        // The token travels in the environment, which only the proxy's own user can read, not in its configuration file.
        ChildProcess.Builder kamailio = ChildProcess.builder("kamailio-" + clusterId)
                .executable(tools.kamailio())
                .args(args)
                .logFile(directory.resolve("kamailio.log"))
                .workingDirectory(directory)
                .newSession();
        routerToken.ifPresent(token -> kamailio.env(RouteCacheCommand.TOKEN_VARIABLE, token));
        ChildProcess process = kamailio.build();
        process.start();
        KamailioProxy proxy = new KamailioProxy(clusterId, port, new KamailioRpc(ports[2], RPC_TIMEOUT), process);
        try {
            proxy.awaitReady(readyTimeout);
            if (fixedRoute.isEmpty()) {
                ChildProcess.Builder feeder = ChildProcess.builder("route-cache-" + clusterId)
                        .mainClass(RouteCacheCommand.class.getName())
                        .classpath(ChildProcess.currentClasspath())
                        .jvmArgs("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                        .args("--changes", spokeApi + "/directory/changes", "--kamailio", "127.0.0.1:" + evapiPort,
                                "--retry", FEEDER_RETRY.toString())
                        .logFile(directory.resolve("route-cache.log"))
                        .workingDirectory(directory);
                routerToken.ifPresent(token -> feeder.env(RouteCacheCommand.TOKEN_VARIABLE, token));
                proxy.feeder = feeder.build();
                proxy.feeder.start();
            }
        } catch (RuntimeException | IOException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /**
     * Until the proxy routes from a complete table that the feeder swapped in. A proxy routes
     * correctly before that too, by looking every DN up.
     */
    public void awaitCacheServing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (servingTable().isEmpty()) {
            if (feeder == null || !feeder.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("kamailio for " + clusterId + " routes from no cache table after "
                        + timeout.toSeconds() + " s:\n" + process.logTail(10) + (feeder == null ? "" : "\n" + feeder.logTail(10)));
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    /**
     * What the cache would route the DN on now, {@code <target>|<route string>}, asked over the
     * proxy's JSON-RPC: empty when no table serves or the serving one lacks the DN. Staleness is
     * not judged here: the proxy's clock does that per call.
     */
    public Optional<String> cachedEntry(String dn) {
        return servingTable().flatMap(table -> rpc.call("htable.get", "routes_" + table, dn))
                .map(reply -> reply.path("result").path("item").path("value"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText);
    }

    /** The table the proxy routes from, as its shared variable says; empty while none is complete. */
    private Optional<String> servingTable() {
        return rpc.call("pv.shvGet", "table").map(reply -> reply.path("result").path("value").asText())
                .filter(table -> !table.isEmpty());
    }

    /** The route cache feeder, to stop or pause in a test; empty for a proxy with a fixed route. */
    public Optional<ChildProcess> feeder() {
        return Optional.ofNullable(feeder);
    }

    static String render(Map<String, String> values) throws IOException {
        String text;
        try (InputStream template = KamailioProxy.class.getResourceAsStream(TEMPLATE)) {
            if (template == null) {
                throw new IllegalStateException(TEMPLATE + " is not on the classpath");
            }
            text = new String(template.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        return text;
    }

    public String clusterId() {
        return clusterId;
    }

    public int port() {
        return port;
    }

    /** Where callers send their INVITEs: {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return process.logFile();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answersOptions()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kamailio for " + clusterId + " exited with " + process.exitCode()
                        + ":\n" + process.logTail(20));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("kamailio for " + clusterId + " does not answer on UDP " + port
                        + " after " + timeout.toSeconds() + " s:\n" + process.logTail(20));
            }
        }
    }

    /** One OPTIONS to the proxy itself; waits at most one probe interval for its 200. */
    private boolean answersOptions() {
        String callId = UUID.randomUUID().toString();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout((int) PROBE_INTERVAL.toMillis());
            String local = "127.0.0.1:" + socket.getLocalPort();
            byte[] request = ("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK" + callId + "\r\n"
                    + "From: <sip:probe@" + local + ">;tag=probe\r\n"
                    + "To: <sip:127.0.0.1:" + port + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[4096];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            return new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe kamailio on UDP " + port, e);
        }
    }

    /** SIGTERM to the feeder, then to Kamailio, whose main process stops its workers and removes its pid file. */
    @Override
    public void close() {
        if (feeder != null) {
            feeder.stop(Duration.ofSeconds(10));
        }
        process.stop(Duration.ofSeconds(10));
        rpc.close();
    }
}
