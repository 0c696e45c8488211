package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roam.scenarios.sip.KamailioProxy;
import io.roam.scenarios.sip.SipCall;
import io.roam.scenarios.sip.SipTools;
import io.roam.scenarios.sip.SippCaller;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proxy of a dialing cluster never relays on an answer it cannot trust: its spoke is replaced
 * by a stub that answers each DN in a different wrong way, and every call gets 503 (404 only when
 * the spoke says the DN is unknown), without a phone anywhere to relay to.
 */
class KamailioFailSafeIT {

    /** What the stub spoke answers for each DN: status and body, or no answer at all. */
    private static final Map<String, Answer> ANSWERS = Map.of(
            "2000001", new Answer(200, "this is not JSON"),
            "2000002", new Answer(200, "{\"dn\":\"2000002\",\"target\":\"cluster-2\"}"),
            "2000003", new Answer(200, "{\"dn\":\"2000099\",\"target\":\"cluster-2\",\"routeString\":\"sip:cluster-2@127.0.0.1:5062\"}"),
            "2000004", new Answer(200, "{\"dn\":\"2000004\",\"target\":\"cluster-2\",\"routeString\":null}"),
            "2000005", new Answer(200, "{\"dn\":\"2000005\",\"target\":\"cluster-2\",\"routeString\":\"cluster-2.example\"}"),
            "2000006", new Answer(500, "{\"code\":1,\"message\":\"internal\"}"),
            "2000008", new Answer(404, "{\"code\":12,\"message\":\"unknown DN 2000008\"}"));

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
        stubSpoke.setExecutor(Executors.newCachedThreadPool());
        stubSpoke.start();
        directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "failsafe-sip-").toAbsolutePath();
        proxy = KamailioProxy.start(SipTools.locate(), "cluster-3", "http://127.0.0.1:" + stubSpoke.getAddress().getPort() + "/api/v1",
                directory.resolve("proxy"), Optional.empty(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        if (proxy != null) {
            proxy.close();
        }
        stubSpoke.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String dn = exchange.getRequestURI().getQuery().replace("dn=", "");
        Answer answer = ANSWERS.get(dn);
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
}
