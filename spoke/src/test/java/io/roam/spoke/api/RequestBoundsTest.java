package io.roam.spoke.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.spoke.SpokeCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every input over a bound is a 4xx with the JSON error body, and nothing of it is stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
        "roam.spoke.import.max-bytes=256KB"})
class RequestBoundsTest {

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

    @Test
    void a_user_id_over_128_characters_is_refused() throws IOException {
        String userId = "u".repeat(129);
        assertRefused(provision(userId, user(dns(1, 2_000_000), null)), 400, EmError.BLANK_USERID_OR_PIN);
        assertNotStored(userId);
    }

    @Test
    void a_user_has_at_most_64_dns() throws IOException {
        assertRefused(provision("many", user(dns(65, 3_000_000), null)), 400, EmError.PARSING);
        assertNotStored("many");

        assertThat(provision("enough", user(dns(64, 3_100_000), null)).status()).isEqualTo(200);
    }

    @Test
    void a_dn_over_32_characters_is_refused() throws IOException {
        assertRefused(provision("longdn", user("\"" + "1".repeat(33) + "\"", null)), 400, EmError.PARSING);
        assertNotStored("longdn");
    }

    @Test
    void a_self_service_id_over_128_characters_is_refused() throws IOException {
        assertRefused(provision("longself", user(dns(1, 4_000_000), "s".repeat(129))), 400, EmError.PARSING);
        assertNotStored("longself");
    }

    @Test
    void a_body_whose_length_is_over_the_limit_is_refused_before_it_is_read() throws IOException {
        String padded = "{\"pin\":\"1234\",\"dns\":[\"5000000\"],\"selfServiceId\":\"x\",\"pad\":\""
                + "x".repeat(64 * 1024) + "\"}";
        assertRefused(http.send("PUT", "/api/v1/admin/users/big", SpokeCalls.ADMIN, padded), 413,
                EmError.BODY_TOO_LARGE);
        assertNotStored("big");
    }

    @Test
    void a_chunked_body_is_refused_once_it_passes_the_limit() throws IOException {
        String padded = "{\"dns\":[" + dns(64, 5_100_000) + "],\"selfServiceId\":\"" + "x".repeat(64 * 1024) + "\"}";
        assertRefused(http.sendChunked("PUT", "/api/v1/admin/users/chunked", SpokeCalls.ADMIN, padded), 413,
                EmError.BODY_TOO_LARGE);
        assertNotStored("chunked");

        RawHttp.Answer small = http.sendChunked("PUT", "/api/v1/admin/users/chunked", SpokeCalls.ADMIN,
                user(dns(1, 5_200_000), null));
        assertThat(small.status()).as(small.body()).isEqualTo(200);
    }

    @Test
    void a_chunked_import_may_pass_the_general_limit_and_is_refused_once_it_passes_its_own() throws IOException {
        RawHttp.Answer taken = http.sendChunked("POST", "/api/v1/admin/import", SpokeCalls.ADMIN, RawHttp.CSV,
                users(1_000, 6_000_000));
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);

        assertRefused(http.sendChunked("POST", "/api/v1/admin/import", SpokeCalls.ADMIN, RawHttp.CSV,
                users(3_000, 6_100_000)), 413, EmError.BODY_TOO_LARGE);
        assertNotStored("imported6100000");
    }

    /** A users file of {@code count} users with a supplied hash, over 64 KiB from a thousand on. */
    private static String users(int count, int first) {
        String hash = "$2a$04$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";
        return "userId,pin,dns,superuser,selfServiceId,emcc\n" + IntStream.range(first, first + count)
                .mapToObj(dn -> "imported" + dn + "," + hash + "," + dn + ",false,,false\n").collect(Collectors.joining());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/admin%2Fusers/evil", "/api/v1/directory%2fdn/1", "/api/v1/admin%5Cusers/evil",
            "/api/v1/admin%00/users/evil", "/api%2Fv1%2Fadmin%2Fusers%2Fevil"})
    void tomcats_own_refusals_carry_the_json_error_body(String target) throws IOException {
        assertRefused(http.send("GET", target, null, null), 400, EmError.PARSING);
    }

    private RawHttp.Answer provision(String userId, String definition) throws IOException {
        return http.send("PUT", "/api/v1/admin/users/" + userId, SpokeCalls.ADMIN, definition);
    }

    private static String user(String dns, String selfServiceId) {
        return "{\"pin\":\"1234\",\"dns\":[" + dns + "]"
                + (selfServiceId == null ? "" : ",\"selfServiceId\":\"" + selfServiceId + "\"") + "}";
    }

    /** {@code count} distinct quoted DNs from {@code first} on, comma-separated. */
    private static String dns(int count, int first) {
        return IntStream.range(first, first + count).mapToObj(dn -> "\"" + dn + "\"").collect(Collectors.joining(","));
    }

    private void assertNotStored(String userId) throws IOException {
        assertThat(http.send("GET", "/api/v1/admin/users/" + userId, SpokeCalls.ADMIN, null).status())
                .as(userId + " stored").isEqualTo(404);
    }

    private void assertRefused(RawHttp.Answer answer, int status, EmError error) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("code").asInt()).isEqualTo(error.code());
        assertThat(body.get("error").asText()).isEqualTo(error.quickDescription());
        assertThat(body.get("message").isTextual()).isTrue();
    }
}
