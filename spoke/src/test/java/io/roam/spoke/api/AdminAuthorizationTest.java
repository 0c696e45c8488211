package io.roam.spoke.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.spoke.SpokeCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The admin API against a real Tomcat, with request targets sent byte for byte: every other
 * spelling of an admin path, without the token, is refused before any admin handler runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
@Import(AdminHandlers.class)
class AdminAuthorizationTest {

    private static final String EVIL = "{\"pin\":\"6666\",\"dns\":[\"6666666\"],\"superuser\":true}";

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AdminHandlers handlers;

    private final ObjectMapper json = new ObjectMapper();
    private RawHttp http;

    @BeforeEach
    void connect() {
        http = new RawHttp(port);
        handlers.drain();
    }

    /** Who refuses a spelling: Tomcat itself, the firewall, or the authorization rules. */
    enum Refusal { TOMCAT, FIREWALL, NO_TOKEN }

    static Stream<Arguments> spellings() {
        return Stream.of(
                arguments("/api/v1/admin;x/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin;/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin/users/evil;", Refusal.FIREWALL),
                arguments("/api/v1/admin/users/evil;jsessionid=1", Refusal.FIREWALL),
                arguments("/api/v1/admin%3Bx/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin%3bx/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/%61dmin/users/evil", Refusal.NO_TOKEN),
                arguments("/api/v1/adm%69n/users/%65vil", Refusal.NO_TOKEN),
                arguments("/%61%70%69/v1/admin/users/evil", Refusal.NO_TOKEN),
                arguments("/api/v1//admin/users/evil", Refusal.FIREWALL),
                arguments("//api/v1/admin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin//users/evil", Refusal.FIREWALL),
                arguments("/api/v1/./admin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin/./users/evil", Refusal.FIREWALL),
                arguments("/api/v1/x/../admin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin/x/../users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin/users/evil/.", Refusal.FIREWALL),
                arguments("/api/v1/%2e/admin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/x/%2e%2e/admin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/x/%2E%2E/admin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/%252e/admin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/%2561dmin/users/evil", Refusal.FIREWALL),
                arguments("/api/v1/admin/users/evil/", Refusal.NO_TOKEN),
                arguments("/API/v1/admin/users/evil", Refusal.NO_TOKEN),
                arguments("/api/v1/Admin/users/evil", Refusal.NO_TOKEN),
                arguments("/api/V1/ADMIN/users/evil", Refusal.NO_TOKEN),
                arguments("/api/v1/admin/users/evil?x=1", Refusal.NO_TOKEN),
                arguments("/api/v1/admin", Refusal.NO_TOKEN),
                arguments("/api/v1/admin%2Fusers/evil", Refusal.TOMCAT),
                arguments("/api/v1/admin%2fusers/evil", Refusal.TOMCAT),
                arguments("/api%2Fv1%2Fadmin%2Fusers%2Fevil", Refusal.TOMCAT),
                arguments("/api/v1/admin%5Cusers/evil", Refusal.TOMCAT),
                arguments("/api/v1/admin%00/users/evil", Refusal.TOMCAT),
                arguments("http://other.example/api/v1/admin/users/evil", Refusal.TOMCAT),
                arguments("http://127.0.0.1:{port}/api/v1/admin;x/users/evil", Refusal.FIREWALL),
                arguments("http://127.0.0.1:{port}/api/v1/%61dmin/users/evil", Refusal.NO_TOKEN));
    }

    @ParameterizedTest(name = "PUT {0} -> {1}")
    @MethodSource("spellings")
    void another_spelling_of_an_admin_path_without_the_token_reaches_no_handler(String target, Refusal refusal)
            throws IOException {
        RawHttp.Answer answer = http.send("PUT", target.replace("{port}", Integer.toString(port)), null, EVIL);

        assertThat(handlers.drain()).as("admin handlers reached").isEmpty();
        assertThat(evilExists()).as("evil was provisioned").isFalse();
        switch (refusal) {
            case FIREWALL -> assertRefused(answer, 400, EmError.PARSING);
            case NO_TOKEN -> assertNeedsToken(answer);
            // refused before any filter runs, by Tomcat, in the same JSON body
            case TOMCAT -> assertRefused(answer, 400, EmError.PARSING);
        }
    }

    @Test
    void random_casings_encodings_and_path_tricks_of_the_admin_path_all_need_the_token() throws IOException {
        Random random = new Random(20261206);
        for (int i = 0; i < 300; i++) {
            boolean trick = random.nextBoolean();
            String target = randomSpelling(random, trick);

            RawHttp.Answer answer = http.send("PUT", target, null, EVIL);

            assertThat(handlers.drain()).as("admin handlers reached by %s", target).isEmpty();
            assertThat(answer.status()).as(target).isEqualTo(trick ? 400 : 401);
            assertErrorBody(answer, trick ? EmError.PARSING : EmError.AUTHENTICATION);
        }
        assertThat(evilExists()).as("evil was provisioned").isFalse();
    }

    /** {@code /api/v1/admin/users/evil}, its letters in random case or percent-encoded, maybe with one path trick. */
    private static String randomSpelling(Random random, boolean trick) {
        List<String> tricks = List.of(";", ";x", "%3B", "%3b", "/.", "/", "/x/..", "%2e", "%2E", "%252e", "/%2e%2e");
        String[] segments = {"api", "v1", "admin", "users", "evil"};
        // between segments: after the last one, "/" would only be a trailing slash
        int tricked = trick ? random.nextInt(segments.length - 1) : -1;
        StringBuilder target = new StringBuilder();
        for (int s = 0; s < segments.length; s++) {
            target.append('/');
            for (char c : segments[s].toCharArray()) {
                char cased = random.nextBoolean() ? Character.toUpperCase(c) : c;
                String hex = String.format(random.nextBoolean() ? "%02X" : "%02x", (int) c);
                target.append(random.nextInt(4) == 0 ? "%" + hex : String.valueOf(s < 3 ? cased : c));
            }
            if (s == tricked) {
                target.append(tricks.get(random.nextInt(tricks.size())));
            }
        }
        return target.toString();
    }

    static Stream<Arguments> adminCalls() {
        return Stream.of(
                arguments("PUT", "/api/v1/admin/users/evil", EVIL),
                arguments("GET", "/api/v1/admin/users/evil", null),
                arguments("DELETE", "/api/v1/admin/users/evil", null),
                arguments("POST", "/api/v1/admin/users/evil/unlock", null),
                arguments("PUT", "/api/v1/admin/devices/SEP0000000E7117", "{\"emEnabled\":true}"),
                arguments("POST", "/api/v1/admin/devices/SEP0000000E7117/logout", null),
                arguments("POST", "/api/v1/admin/clusters/cluster-9/retire", null),
                arguments("GET", "/api/v1/admin/dead-letters", null),
                arguments("POST", "/api/v1/admin/dead-letters/replay", null),
                arguments("GET", "/api/v1/admin/replication/audit", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("adminCalls")
    void every_admin_call_needs_the_token_however_its_path_is_spelled(String method, String path, String body)
            throws IOException {
        assertNeedsToken(http.send(method, path, null, body));
        assertNeedsToken(http.send(method, path.replace("/admin/", "/%61dmin/"), null, body));
        assertNeedsToken(http.send(method, path.replace("/admin/", "/ADMIN/"), null, body));
        assertRefused(http.send(method, path.replace("/admin/", "/admin;x/"), null, body), 400, EmError.PARSING);
        assertRefused(http.send(method, path.replace("/admin/", "//admin/"), null, body), 400, EmError.PARSING);
        assertNeedsToken(http.send(method, path, "Bearer wrong-token", body));
        assertNeedsToken(http.send(method, path, "bearer dev-admin-token", body));
        assertNeedsToken(http.send(method, path, "dev-admin-token", body));
        assertThat(handlers.drain()).as("admin handlers reached").isEmpty();
    }

    @Test
    void with_the_token_an_admin_provisions_a_user_under_any_spelling_spring_mvc_routes() throws IOException {
        RawHttp.Answer alice = http.send("PUT", "/api/v1/admin/users/alice", SpokeCalls.ADMIN,
                "{\"pin\":\"1234\",\"dns\":[\"1000777\"]}");
        RawHttp.Answer carol = http.send("PUT", "/api/v1/%61dmin/users/carol", SpokeCalls.ADMIN,
                "{\"pin\":\"1234\",\"dns\":[\"1000778\"]}");

        assertThat(alice.status()).as(alice.body()).isEqualTo(200);
        assertThat(carol.status()).as(carol.body()).isEqualTo(200);
        assertThat(handlers.drain()).hasSize(2);

        JsonNode user = json.readTree(http.send("GET", "/api/v1/admin/users/alice", SpokeCalls.ADMIN, null).body());
        assertThat(user.get("dns").get(0).asText()).isEqualTo("1000777");
        assertThat(http.send("GET", "/api/v1/admin/users/carol", SpokeCalls.ADMIN, null).status()).isEqualTo(200);
    }

    @Test
    void the_phones_and_routers_calls_stay_open() throws IOException {
        assertRefused(http.send("POST", "/api/v1/em/login", null,
                "{\"device\":\"SEP0000000E7118\",\"userId\":\"nobody\",\"pin\":\"1\"}"), 404, EmError.DEVICE_DOES_NOT_EXIST);
        assertRefused(http.send("GET", "/api/v1/directory/dn/5550000", null, null), 404, EmError.USER_DOES_NOT_EXIST);
        assertThat(http.send("GET", "/api/v1/clusters", null, null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
        assertThat(http.send("GET", "/dashboard.html", null, null).status()).isEqualTo(200);
    }

    @Test
    void the_route_call_runs_no_security_filter_but_passes_the_firewall() throws IOException {
        RawHttp.Answer route = http.send("GET", "/api/v1/route?dn=5550000", null, null);
        assertRefused(route, 404, EmError.USER_DOES_NOT_EXIST);
        assertThat(route.header("X-Content-Type-Options")).as("a header the security filters write").isNull();
        assertThat(http.send("GET", "/api/v1/directory/dn/5550000", null, null).header("X-Content-Type-Options"))
                .isEqualTo("nosniff");

        assertRefused(http.send("GET", "/api/v1/route;x?dn=5550000", null, null), 400, EmError.PARSING);
        assertRefused(http.send("GET", "/api/v1/x/../route?dn=5550000", null, null), 400, EmError.PARSING);
    }

    private void assertNeedsToken(RawHttp.Answer answer) throws IOException {
        assertRefused(answer, 401, EmError.AUTHENTICATION);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    private void assertRefused(RawHttp.Answer answer, int status, EmError error) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertErrorBody(answer, error);
    }

    private void assertErrorBody(RawHttp.Answer answer, EmError error) throws IOException {
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("code").asInt()).isEqualTo(error.code());
        assertThat(body.get("error").asText()).isEqualTo(error.quickDescription());
        assertThat(body.get("message").isTextual()).isTrue();
    }

    private boolean evilExists() throws IOException {
        RawHttp.Answer answer = http.send("GET", "/api/v1/admin/users/evil", SpokeCalls.ADMIN, null);
        handlers.drain();
        assertThat(answer.status()).isIn(200, 404);
        return answer.status() == 200;
    }
}
