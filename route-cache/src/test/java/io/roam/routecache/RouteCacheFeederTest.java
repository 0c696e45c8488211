package io.roam.routecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feeder between a spoke's feed (an HTTP stub that plays a script per request) and the proxy's evapi (a fake). */
class RouteCacheFeederTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** What the stub spoke sends on each stream, in order of the requests; a stream without a script stays open, silent. */
    private final BlockingQueue<String> scripts = new LinkedBlockingQueue<>();
    /** The Last-Event-ID of each request ("" for none) and its Authorization header. */
    private final List<String> positions = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private HttpServer spoke;
    private FakeKamailio kamailio;
    private RouteCacheFeeder feeder;
    private Thread thread;

    @BeforeEach
    void start() throws IOException {
        spoke = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        spoke.createContext("/api/v1/directory/changes", this::stream);
        spoke.setExecutor(Executors.newCachedThreadPool());
        spoke.start();
        kamailio = new FakeKamailio();
        feeder = new RouteCacheFeeder(URI.create("http://127.0.0.1:" + spoke.getAddress().getPort() + "/api/v1/directory/changes"),
                Optional.of("router-secret"), kamailio.address(), Duration.ofMillis(50), Duration.ofSeconds(5));
        thread = new Thread(feeder, "feeder");
    }

    @AfterEach
    void stop() throws Exception {
        ended.countDown();
        feeder.stop();
        thread.join(5_000);
        spoke.stop(0);
        kamailio.close();
    }

    private void stream(HttpExchange exchange) throws IOException {
        positions.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Last-Event-ID")).orElse(""));
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            String script = scripts.poll();
            if (script == null) {
                // Open and silent, as a stalled spoke: until the test ends.
                out.flush();
                ended.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            out.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String event(String type, String id, String data) {
        return "event:" + type + "\n" + (id == null ? "" : "id:" + id + "\n") + "data:" + data + "\n\n";
    }

    private static String snapshotOf(String id, String... dnsAndTargets) {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < dnsAndTargets.length; i += 2) {
            script.append(event("snapshot", null, RouteCacheTest.answer(dnsAndTargets[i], dnsAndTargets[i + 1])));
        }
        return script.append(event("snapshot-end", id, "{\"position\":\"" + id + "\"}")).toString();
    }

    private static String entry(String target) {
        return RouteCacheTest.entry(target);
    }

    @Test
    void aStreamThatDropsIsResumedFromTheLastPositionWithTheRoutersToken() throws InterruptedException {
        scripts.add(snapshotOf("s.1.1", "1000001", "cluster-1") + event("change", "s.2.1", RouteCacheTest.answer("1000002", "cluster-2")));
        scripts.add(":heartbeat\n\n" + event("change", "s.3.1", RouteCacheTest.answer("1000001", "cluster-3")));

        thread.start();

        await().atMost(PATIENCE).until(() -> positions.size() >= 3);
        assertThat(positions.subList(0, 3)).containsExactly("", "s.2.1", "s.3.1");
        assertThat(authorizations).allMatch("Bearer router-secret"::equals);
        assertThat(kamailio.routing()).isEqualTo(Map.of("1000001", entry("cluster-3"), "1000002", entry("cluster-2")));
        assertThat(kamailio.connections()).isEqualTo(1);
        assertThat(kamailio.received()).contains("beat");
    }

    @Test
    void aProxyThatRestartsGetsAWholeSnapshotAgain() throws IOException {
        scripts.add(snapshotOf("s.1.1", "1000001", "cluster-1"));
        scripts.add(event("change", "s.2.1", RouteCacheTest.answer("1000001", "cluster-2")));

        thread.start();
        await().atMost(PATIENCE).until(() -> kamailio.routing().equals(Map.of("1000001", entry("cluster-2")))
                && positions.size() == 3);

        scripts.add(snapshotOf("s.2.1", "1000001", "cluster-2", "1000005", "cluster-1"));
        kamailio.restart();

        await().atMost(PATIENCE).until(() -> kamailio.routing().size() == 2 && positions.size() >= 5);
        assertThat(kamailio.routing()).isEqualTo(Map.of("1000001", entry("cluster-2"), "1000005", entry("cluster-1")));
        assertThat(kamailio.connections()).isEqualTo(2);
        // The proxy's restart ends the silent third stream at once; the fourth asks for a snapshot.
        assertThat(positions).containsExactly("", "s.1.1", "s.2.1", "", "s.2.1");
    }
}
