package io.roam.spoke.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.events.ClusterAnnounced;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserProvisioned;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/route: where call routing sends a call for a DN, and the EM codes when it cannot. */
class RouteServletTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RoamingDirectory directory = new RoamingDirectory("cluster-1");
    private final Freshness freshness = new Freshness() {
        @Override
        public long freshnessMillis(String cluster) {
            return cluster.equals("cluster-2") ? 12_000 : 0;
        }

        @Override
        public boolean isStale(String cluster) {
            return cluster.equals("cluster-2");
        }
    };
    private final RouteServlet servlet = new RouteServlet(directory, freshness, json);

    @BeforeEach
    void network() {
        directory.apply(new ClusterAnnounced("cluster-1", "hub-a", "sip:cluster-1.example:5060", 1));
        directory.apply(new ClusterAnnounced("cluster-2", "hub-b", "sip:cluster-2.example:5060", 1));
        directory.apply(new UserProvisioned("bob", "cluster-1", List.of("1000001"), true, null, "h", 2));
    }

    @Test
    void a_dn_nobody_is_logged_in_for_routes_home() throws Exception {
        JsonNode answer = get("1000001", 200);

        assertThat(answer.get("target").asText()).isEqualTo("cluster-1");
        assertThat(answer.get("from").asText()).isEqualTo("cluster-1");
        assertThat(answer.get("local").asBoolean()).isTrue();
        assertThat(answer.get("reason").asText()).isEqualTo("HOME");
        assertThat(answer.get("routeString").asText()).isEqualTo("sip:cluster-1.example:5060");
    }

    @Test
    void a_roaming_users_dn_routes_to_the_cluster_of_the_login_and_says_how_fresh_that_is() throws Exception {
        directory.apply(new UserLoggedIn("l-1", "bob", "cluster-2", "SEP000000000021", 3));

        JsonNode answer = get("1000001", 200);

        assertThat(answer.get("target").asText()).isEqualTo("cluster-2");
        assertThat(answer.get("local").asBoolean()).isFalse();
        assertThat(answer.get("reason").asText()).isEqualTo("LOGGED_IN");
        assertThat(answer.get("routeString").asText()).isEqualTo("sip:cluster-2.example:5060");
        assertThat(answer.get("freshnessMs").asLong()).isEqualTo(12_000);
        assertThat(answer.get("targetStale").asBoolean()).isTrue();
    }

    @Test
    void an_unknown_dn_is_em_error_23() throws Exception {
        JsonNode error = get("9999999", 404);

        assertThat(error.get("code").asInt()).isEqualTo(23);
    }

    @Test
    void a_request_without_a_dn_is_em_error_1() throws Exception {
        JsonNode error = get(null, 400);

        assertThat(error.get("code").asInt()).isEqualTo(1);
    }

    private JsonNode get(String dn, int expectedStatus) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", RouteServlet.PATH);
        if (dn != null) {
            request.addParameter("dn", dn);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.service(request, response);
        assertThat(response.getStatus()).isEqualTo(expectedStatus);
        assertThat(response.getContentType()).startsWith("application/json");
        return json.readTree(response.getContentAsByteArray());
    }
}
