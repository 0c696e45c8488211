package io.roam.spoke.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.spoke.SpokeCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * With {@code roam.spoke.router-token} set, the call router's reads need its token (or the
 * admin's); that token opens nothing else, and the phones' calls stay open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
        "roam.spoke.router-token=" + RouterAuthorizationTest.TOKEN})
class RouterAuthorizationTest {

    static final String TOKEN = "router-secret";
    private static final String ROUTER = "Bearer " + TOKEN;

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();
    private RawHttp http;

    @BeforeEach
    void connect() {
        http = new RawHttp(port);
    }

    /** Every router read, and what it answers once authorized on an empty directory. */
    static Stream<Arguments> routerCalls() {
        return Stream.of(
                arguments("GET", "/api/v1/directory/dn/5550000", null, 404),
                arguments("POST", "/api/v1/directory/lookup", "{\"dns\":[\"5550000\"]}", 200),
                arguments("GET", "/api/v1/directory/moves", null, 200),
                arguments("GET", "/api/v1/directory/pending-logouts", null, 200),
                arguments("GET", "/api/v1/devices/SEP0000000E7118", null, 404),
                arguments("GET", "/api/v1/route?dn=5550000", null, 404),
                arguments("GET", "/api/v1/replication", null, 200));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routerCalls")
    void every_router_call_needs_the_router_or_admin_token(String method, String path, String body, int authorized)
            throws IOException {
        assertNeedsToken(http.send(method, path, null, body));
        assertNeedsToken(http.send(method, path, "Bearer wrong-token", body));
        assertNeedsToken(http.send(method, path, TOKEN, body));
        assertNeedsToken(http.send(method, path.replace("/v1/", "/V1/"), null, body));
        assertNeedsToken(http.send(method, path.replace("/v1/", "/v%31/"), null, body));

        assertThat(http.send(method, path, ROUTER, body).status()).isEqualTo(authorized);
        assertThat(http.send(method, path, SpokeCalls.ADMIN, body).status()).isEqualTo(authorized);
    }

    @Test
    void the_change_feed_needs_the_router_token() throws Exception {
        assertNeedsToken(http.send("GET", "/api/v1/directory/changes", null, null));

        HttpClient client = HttpClient.newHttpClient();
        HttpRequest stream = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/directory/changes"))
                .header("Authorization", ROUTER).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> answer = client.send(stream, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream events = answer.body()) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
        }
    }

    @Test
    void the_router_token_opens_no_admin_call() throws IOException {
        assertRefused(http.send("GET", "/api/v1/admin/users/alice", ROUTER, null), 403, EmError.AUTHENTICATION);
        assertRefused(http.send("PUT", "/api/v1/admin/users/evil", ROUTER, "{\"dns\":[\"6666666\"]}"),
                403, EmError.AUTHENTICATION);
        assertRefused(http.send("GET", "/api/v1/admin/users/evil", SpokeCalls.ADMIN, null), 404,
                EmError.USER_DOES_NOT_EXIST);
    }

    @Test
    void the_phones_calls_health_and_dashboard_stay_open() throws IOException {
        assertRefused(http.send("POST", "/api/v1/em/login", null,
                "{\"device\":\"SEP0000000E7118\",\"userId\":\"nobody\",\"pin\":\"1\"}"), 404, EmError.DEVICE_DOES_NOT_EXIST);
        assertThat(http.send("GET", "/api/v1/clusters", null, null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/dashboard.html", null, null).status()).isEqualTo(200);
    }

    @Test
    void the_route_call_still_passes_the_firewall() throws IOException {
        assertRefused(http.send("GET", "/api/v1/route;x?dn=5550000", ROUTER, null), 400, EmError.PARSING);
        assertRefused(http.send("GET", "/api/v1/x/../route?dn=5550000", ROUTER, null), 400, EmError.PARSING);
    }

    private void assertNeedsToken(RawHttp.Answer answer) throws IOException {
        assertRefused(answer, 401, EmError.AUTHENTICATION);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    private void assertRefused(RawHttp.Answer answer, int status, EmError error) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("code").asInt()).isEqualTo(error.code());
        assertThat(body.get("error").asText()).isEqualTo(error.quickDescription());
    }
}
