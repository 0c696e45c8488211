package io.roam.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Http1ConnectionTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> answer(exchange, "{\"fixed\":true}", false, false));
        server.createContext("/chunked", exchange -> answer(exchange, "{\"chunked\":\"" + "x".repeat(20_000) + "\"}", true, false));
        server.createContext("/closing", exchange -> answer(exchange, "{\"closing\":true}", false, true));
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            answer(exchange, body, false, false);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, String body, boolean chunked, boolean close) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (close) {
            exchange.getResponseHeaders().add("Connection", "close");
        }
        exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/echo") ? 201 : 200, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void readsFixedLengthAndChunkedAnswersOnOneConnection() {
        try (Http1Connection http = new Http1Connection(url(), null)) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/fixed").text()).isEqualTo("{\"fixed\":true}");
                Http1Connection.Response chunked = http.get("/chunked");
                assertThat(chunked.status()).isEqualTo(200);
                assertThat(chunked.text()).hasSize(20_000 + 14).startsWith("{\"chunked\":\"xxx");
            }
        }
    }

    @Test
    void reconnectsAfterTheServerSaysClose() {
        try (Http1Connection http = new Http1Connection(url(), null)) {
            assertThat(http.get("/closing").isOk()).isTrue();
            assertThat(http.get("/closing").isOk()).isTrue();
            assertThat(http.get("/fixed").text()).isEqualTo("{\"fixed\":true}");
        }
    }

    @Test
    void sendsTheBodyTheTokenAndTheMethod() {
        try (Http1Connection http = new Http1Connection(url(), "secret")) {
            Http1Connection.Response answer = http.put("/echo", "{\"pin\":\"1234\"}");

            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.isOk()).isTrue();
            assertThat(answer.text()).isEqualTo("{\"pin\":\"1234\"}");
            assertThat(http.post("/echo", "{}").text()).isEqualTo("{}");
        }
        assertThat(seen).containsExactly("PUT Bearer secret application/json {\"pin\":\"1234\"}",
                "POST Bearer secret application/json {}");
    }
}
