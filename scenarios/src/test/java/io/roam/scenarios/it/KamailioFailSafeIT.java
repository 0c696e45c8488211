package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roam.scenarios.process.FreePorts;
import io.roam.scenarios.sip.KamailioProxy;
import io.roam.scenarios.sip.SipCall;
import io.roam.scenarios.sip.SipTools;
import io.roam.scenarios.sip.SippCaller;
import io.roam.scenarios.sip.SippPhones;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proxy of a dialing cluster never relays on an answer it cannot trust: its spoke is replaced
 * by a stub that answers each DN in a different wrong way, and every call gets 503 (404 only when
 * the spoke says the DN is unknown), without a phone anywhere to relay to. Its routing cache is
 * trusted only while the stub's change feed is complete and alive: the cache cases route a DN
 * that the stub's lookup answers with an error, so a call answered by the phone was routed from
 * the cache, and a 503 was looked up. The stub requires a router token, as a spoke with
 * {@code roam.spoke.router-token} set does: the feeder and the lookup must both send it. An
 * emergency call is never refused: it leaves through its caller's emergency route, from the cache
 * or the spoke, or else through the cluster's own gateway (a UAS of its own here).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KamailioFailSafeIT {

    /** In the cache only: the lookup answers 500 for them. */
    private static final String CACHED = "2000101";
    private static final String CACHED_AFTER_RESET = "2000102";
    /** Looked up only, and answered with the phone's route. */
    private static final String LOOKED_UP = "2000201";
    /** A caller whose emergency route only the spoke's lookup knows: the phone's. */
    private static final String EMERGENCY_LOOKED_UP = "2000301";
    private static SippPhones gateway;
    private static final String ROUTER_TOKEN = "router-" + UUID.randomUUID();
    private static StubFeed feed;
    private static SippPhones phone;

    /** What the stub spoke answers for each DN: status and body, or no answer at all. */
    private static final Map<String, Answer> ANSWERS = Map.of(
            "2000001", new Answer(200, "this is not JSON"),
            "2000002", new Answer(200, "{\"dn\":\"2000002\",\"target\":\"cluster-2\"}"),
            "2000003", new Answer(200, "{\"dn\":\"2000099\",\"target\":\"cluster-2\",\"routeString\":\"sip:cluster-2@127.0.0.1:5062\"}"),
            "2000004", new Answer(200, "{\"dn\":\"2000004\",\"target\":\"cluster-2\",\"routeString\":null}"),
            "2000005", new Answer(200, "{\"dn\":\"2000005\",\"target\":\"cluster-2\",\"routeString\":\"cluster-2.example\"}"),
            "2000006", new Answer(500, "{\"code\":1,\"message\":\"internal\"}"),
            "2000008", new Answer(404, "{\"code\":12,\"message\":\"unknown DN 2000008\"}"),
            CACHED, new Answer(500, "{\"code\":1,\"message\":\"internal\"}"),
            CACHED_AFTER_RESET, new Answer(500, "{\"code\":1,\"message\":\"internal\"}"));

    private record Answer(int status, String body) {
    }

    private static HttpServer stubSpoke;
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static KamailioProxy proxy;
    private static Path directory;

    @BeforeAll
    static void startStubSpokeAndProxy() throws IOException {
        stubSpoke = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stubSpoke.createContext("/api/v1/route", KamailioFailSafeIT::answer);
        feed = new StubFeed();
        stubSpoke.createContext("/api/v1/directory/changes", feed::stream);
        stubSpoke.setExecutor(Executors.newCachedThreadPool());
        stubSpoke.start();
        directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "failsafe-sip-").toAbsolutePath();
        int[] ports = FreePorts.allocateUdp(2);
        int phonePort = ports[0];
        gateway = SippPhones.start(SipTools.locate(), "gateway-cluster-3", ports[1], directory.resolve("gateway"), Duration.ofSeconds(30));
        proxy = KamailioProxy.start(SipTools.locate(), KamailioProxy.Settings.of("cluster-3",
                        "http://127.0.0.1:" + stubSpoke.getAddress().getPort() + "/api/v1", "sip:gateway@127.0.0.1:" + ports[1])
                .withRouterToken(ROUTER_TOKEN), directory.resolve("proxy"), Duration.ofSeconds(30));
        phone = SippPhones.start(SipTools.locate(), "cluster-2", phonePort, directory.resolve("phone"), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        feed.close();
        if (proxy != null) {
            proxy.close();
        }
        if (phone != null) {
            phone.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        stubSpoke.stop(0);
    }

    private static boolean refusedWithoutToken(HttpExchange exchange) throws IOException {
        if (("Bearer " + ROUTER_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return false;
        }
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return true;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        if (refusedWithoutToken(exchange)) {
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        String dn = query.replaceAll(".*\\bdn=([^&]*).*", "$1");
        Answer answer = dn.equals(LOOKED_UP) || dn.equals(EMERGENCY_LOOKED_UP) && query.contains("emergency=true")
                ? new Answer(200, "{\"dn\":\"" + dn + "\",\"target\":\"cluster-2\",\"routeString\":\"" + phoneRoute() + "\"}")
                : ANSWERS.get(dn);
        if (answer == null) {
            // Frozen: holds the request as a SIGSTOPped spoke would.
            try {
                NEVER.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
            "2000001, a body that is not JSON, 503",
            "2000002, no route string, 503",
            "2000003, the answer of another DN, 503",
            "2000004, a null route string, 503",
            "2000005, a route string that is no SIP URI, 503",
            "2000006, a server error, 503",
            "2000007, no answer in time, 503",
            "2000008, unknown DN, 404"})
    void answersTheCallItselfWhenTheSpokeCannotBeTrusted(String dn, String spokeAnswers, int expected) throws IOException {
        SippCaller.Result result = SippCaller.run(SipTools.locate(), proxy.address(), SippCaller.Plan.single(dn),
                directory.resolve("call-" + dn));

        assertThat(result.calls()).as("calls SIPp finished").hasSize(1);
        SipCall call = result.calls().get(0);
        assertThat(call.status()).as(spokeAnswers).isEqualTo(expected);
        assertThat(call.answeringPort()).isEmpty();
        assertThat(call.setup()).as("setup time").isLessThan(Duration.ofSeconds(3));
    }

    private static SipCall call(String dn) throws IOException {
        SippCaller.Result result = SippCaller.run(SipTools.locate(), proxy.address(), SippCaller.Plan.single(dn),
                directory.resolve("call-" + dn + "-" + System.nanoTime()));
        assertThat(result.calls()).as("calls SIPp finished").hasSize(1);
        return result.calls().get(0);
    }

    private static String phoneRoute() {
        return "sip:cluster-2@127.0.0.1:" + phone.port();
    }

    @Test
    @Order(1)
    void aLookupSendsTheRouterTokenAndRelaysToTheRouteItGets() throws IOException {
        SipCall routed = call(LOOKED_UP);

        assertThat(routed.status()).as("answered by the phone the lookup names").isEqualTo(200);
        assertThat(routed.answeringPort()).hasValue(phone.port());
    }

    @Order(1)
    @ParameterizedTest(name = "an emergency call from {0}, whose spoke gives {1}, leaves through this cluster's gateway")
    @CsvSource({"2000006, a server error", "2000007, no answer in time", "2000001, a body that is not JSON"})
    void anEmergencyCallTheSpokeCannotRouteLeavesThroughThisClustersGatewayNeverA503(String caller, String spokeAnswers)
            throws IOException {
        SipCall emergency = emergencyCall(caller);

        assertThat(emergency.status()).as(spokeAnswers).isEqualTo(200);
        assertThat(emergency.answeringPort()).hasValue(gateway.port());
    }

    @Test
    @Order(1)
    void anEmergencyCallLeavesThroughTheEmergencyRouteTheSpokeGivesForItsCaller() throws IOException {
        SipCall emergency = emergencyCall(EMERGENCY_LOOKED_UP);

        assertThat(emergency.status()).isEqualTo(200);
        assertThat(emergency.answeringPort()).as("the caller's phone's emergency route").hasValue(phone.port());
    }

    private static SipCall emergencyCall(String caller) throws IOException {
        SippCaller.Result result = SippCaller.run(SipTools.locate(), proxy.address(), SippCaller.Plan.from(caller, "911"),
                directory.resolve("emergency-" + caller + "-" + System.nanoTime()));
        assertThat(result.calls()).as("calls SIPp finished").hasSize(1);
        return result.calls().get(0);
    }

    @Test
    @Order(2)
    void aDnInACompleteLiveCacheIsRoutedWithoutALookup() throws Exception {
        feed.send(StubFeed.snapshot("s.1.1", CACHED, "cluster-2", phoneRoute()));
        feed.beat(true);
        proxy.awaitCacheServing(Duration.ofSeconds(20));

        SipCall routed = call(CACHED);

        assertThat(routed.status()).as("answered by the phone the cache names").isEqualTo(200);
        assertThat(routed.answeringPort()).hasValue(phone.port());
        SipCall emergency = emergencyCall(CACHED);
        assertThat(emergency.status()).as("an emergency call from the cached DN").isEqualTo(200);
        assertThat(emergency.answeringPort()).as("its emergency route from the cache (the lookup answers 500)")
                .hasValue(phone.port());
    }

    @Test
    @Order(3)
    void aFeedThatStallsIsNotTrustedUntilItsHeartbeatsComeBack() throws Exception {
        feed.beat(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> call(CACHED).status() == 503);

        feed.beat(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> call(CACHED).status() == 200);
    }

    @Test
    @Order(4)
    void aSpokeThatDiesIsLookedUpAndItsFeedResumesWhereItStopped() throws Exception {
        int streams = feed.positions().size();
        feed.die();
        await().atMost(Duration.ofSeconds(15)).until(() -> call(CACHED).status() == 503);

        feed.revive();
        feed.beat(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> call(CACHED).status() == 200);
        assertThat(feed.positions().subList(streams, feed.positions().size())).as("the feeder's resumptions").contains("s.1.1");
    }

    @Test
    @Order(5)
    void aResetSwapsInAWholeNewTable() throws Exception {
        feed.send(StubFeed.reset() + StubFeed.snapshot("t.1.1", CACHED_AFTER_RESET, "cluster-2", phoneRoute()));

        await().atMost(Duration.ofSeconds(15)).until(() -> call(CACHED_AFTER_RESET).status() == 200);
        assertThat(call(CACHED).status()).as("a DN of the old table only, now looked up").isEqualTo(503);
    }

    /**
     * The spoke's change feed as the stub plays it: the newest stream writes what the test sends
     * and, while beating, a heartbeat comment every quarter second; an older one ends (its reader
     * gave up on it). A dead feed ends its stream and answers 503 until revived.
     */
    private static final class StubFeed implements AutoCloseable {

        private final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
        private final List<String> positions = new CopyOnWriteArrayList<>();
        private volatile boolean beating;
        private volatile boolean dead;
        private volatile boolean closed;
        private final AtomicInteger newest = new AtomicInteger();

        /** A DN whose user's phone is at the target, its emergency route the same as its route. */
        static String snapshot(String position, String dn, String target, String route) {
            return "event:snapshot\ndata:{\"dn\":\"" + dn + "\",\"userId\":\"u\",\"target\":\"" + target
                    + "\",\"reason\":\"LOGGED_IN\",\"routeString\":\"" + route + "\",\"local\":false,\"physicalCluster\":\""
                    + target + "\",\"mode\":\"ROAMING\",\"emergencyRoute\":\"" + route + "\"}\n\n"
                    + "event:snapshot-end\nid:" + position + "\ndata:{\"position\":\"" + position + "\",\"dns\":1}\n\n";
        }

        static String reset() {
            return "event:reset\ndata:{\"reason\":\"EXPIRED\",\"from\":\"s.1.1\"}\n\n";
        }

        void send(String chunk) {
            chunks.add(chunk);
        }

        void beat(boolean on) {
            beating = on;
        }

        void die() {
            dead = true;
        }

        void revive() {
            dead = false;
        }

        /** The Last-Event-ID of every stream opened ("" for none). */
        List<String> positions() {
            return positions;
        }

        void stream(HttpExchange exchange) throws IOException {
            if (refusedWithoutToken(exchange)) {
                return;
            }
            positions.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Last-Event-ID")).orElse(""));
            if (dead) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            int stream = newest.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (!dead && !closed && stream == newest.get()) {
                    String chunk = chunks.poll(250, TimeUnit.MILLISECONDS);
                    if (chunk != null) {
                        out.write(chunk.getBytes(StandardCharsets.UTF_8));
                    } else if (beating) {
                        out.write(":heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
