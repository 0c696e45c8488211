package io.roam.scenarios.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roam.scenarios.process.FreePorts;
import io.roam.scenarios.support.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProvisionerTest {

    private HttpServer server;
    private final List<String> puts = new CopyOnWriteArrayList<>();
    private final List<Integer> lookupSizes = new CopyOnWriteArrayList<>();
    /** Lookups answered UNKNOWN for every DN before the spoke knows them. */
    private final AtomicInteger unknownLookups = new AtomicInteger();
    private volatile int putStatus = 200;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/admin/", exchange -> {
            puts.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, putStatus, "{}");
        });
        server.createContext("/api/v1/directory/lookup", exchange -> {
            JsonNode dns = JsonHttp.JSON.readTree(exchange.getRequestBody()).path("dns");
            lookupSizes.add(dns.size());
            boolean known = unknownLookups.getAndDecrement() <= 0;
            ObjectNode answer = JsonHttp.JSON.createObjectNode();
            ArrayNode results = answer.putArray("results");
            dns.forEach(dn -> results.addObject().put("dn", dn.asText()).put("state", known ? "IDLE" : "UNKNOWN"));
            answer(exchange, 200, answer.toString());
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private SpokeClient spoke() {
        return new SpokeClient("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void configuresThePhonesThenDefinesEachUserAsASuperuserWithItsDns() {
        SpokeClient spoke = spoke();

        new Provisioner(cluster -> spoke).provision(
                List.of(new Provisioner.Phone("SEP1", "cluster-1"), new Provisioner.Phone("SEP2", "cluster-2")),
                List.of(new Provisioner.User("bob", "1234", List.of("1000001"), "cluster-1")));

        assertThat(puts).containsExactly(
                "PUT /api/v1/admin/devices/SEP1 {\"emEnabled\":true}",
                "PUT /api/v1/admin/devices/SEP2 {\"emEnabled\":true}",
                "PUT /api/v1/admin/users/bob {\"pin\":\"1234\",\"dns\":[\"1000001\"],\"superuser\":true}");
    }

    @Test
    void eachCallGoesToTheSpokeOfItsCluster() {
        SpokeClient spoke = spoke();
        List<String> asked = new CopyOnWriteArrayList<>();

        new Provisioner(cluster -> {
            asked.add(cluster);
            return spoke;
        }).provision(List.of(new Provisioner.Phone("SEP2", "cluster-2")),
                List.of(new Provisioner.User("alice", "1234", List.of("2000001"), "cluster-3")));

        assertThat(asked).containsExactly("cluster-2", "cluster-3");
    }

    @Test
    void inParallelItStillDefinesEveryoneOnce() {
        SpokeClient spoke = spoke();
        List<Provisioner.Phone> phones = IntStream.range(0, 40).mapToObj(i -> new Provisioner.Phone("SEP" + i, "home")).toList();
        List<Provisioner.User> users = IntStream.range(0, 40)
                .mapToObj(i -> new Provisioner.User("u" + i, "1234", List.of(Integer.toString(7_000_000 + i)), "home")).toList();

        new Provisioner(cluster -> spoke).parallel(6).provision(phones, users);

        assertThat(puts).hasSize(80).doesNotHaveDuplicates();
        assertThat(puts.stream().filter(put -> put.contains("/users/"))).hasSize(40);
    }

    @Test
    void aRefusedCallFailsAtOnceNamingIt() {
        SpokeClient spoke = spoke();
        putStatus = 400;

        assertThatThrownBy(() -> new Provisioner(cluster -> spoke).retrying(System.nanoTime(), Duration.ofSeconds(30))
                .provisionUsers(List.of(new Provisioner.User("bob", "1234", List.of("1000001"), "cluster-1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("provisioning bob at cluster-1 failed: HTTP 400");
        assertThat(puts).hasSize(1);
    }

    @Test
    void aRefusedCallAmongParallelOnesFailsTheProvisioning() {
        SpokeClient spoke = spoke();
        putStatus = 400;

        assertThatThrownBy(() -> new Provisioner(cluster -> spoke).parallel(6)
                .configurePhones(List.of(new Provisioner.Phone("SEP1", "cluster-1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("configuring SEP1 at cluster-1 failed: HTTP 400");
    }

    @Test
    void whenRetryingACallCutOffIsMadeAgain() {
        SpokeClient live = spoke();
        SpokeClient nobodyListens = new SpokeClient("http://127.0.0.1:" + FreePorts.allocate(1)[0]);
        AtomicInteger attempts = new AtomicInteger();

        new Provisioner(cluster -> attempts.incrementAndGet() == 1 ? nobodyListens : live)
                .retrying(System.nanoTime(), Duration.ofSeconds(30))
                .configurePhones(List.of(new Provisioner.Phone("SEP1", "cluster-1")));

        assertThat(attempts).hasValue(2);
        assertThat(puts).containsExactly("PUT /api/v1/admin/devices/SEP1 {\"emEnabled\":true}");
    }

    @Test
    void withoutRetryingACallCutOffFails() {
        SpokeClient nobodyListens = new SpokeClient("http://127.0.0.1:" + FreePorts.allocate(1)[0]);

        assertThatThrownBy(() -> new Provisioner(cluster -> nobodyListens)
                .configurePhones(List.of(new Provisioner.Phone("SEP1", "cluster-1"))))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void awaitsUntilEverySpokeKnowsEveryDnAskingAtMostAThousandAtATime() {
        SpokeClient spoke = spoke();
        List<String> dns = IntStream.range(0, 2_500).mapToObj(i -> Integer.toString(7_000_000 + i)).toList();
        unknownLookups.set(3);

        Duration took = new Provisioner(cluster -> spoke).awaitKnown(List.of("cluster-1", "cluster-2"), dns,
                System.nanoTime(), Duration.ofSeconds(30), Duration.ofMillis(5));

        assertThat(took).isPositive();
        // Two rounds (the first finds cluster-1 not knowing them yet) of three lookups at each of two spokes.
        assertThat(lookupSizes).containsOnly(1_000, 500).hasSize(2 * 2 * 3);
    }

    @Test
    void awaitingTimesOutNamingTheSpokesThatDoNotKnowTheDns() {
        SpokeClient spoke = spoke();
        unknownLookups.set(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new Provisioner(cluster -> spoke).awaitKnown(List.of("cluster-2"),
                List.of("2000001", "2000002"), System.nanoTime(), Duration.ofMillis(100), Duration.ofMillis(10)))
                .isInstanceOf(Poll.NotConverged.class)
                .hasMessageContaining("cluster-2 does not know 2 DN(s) yet");
    }
}
