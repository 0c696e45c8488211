package io.roam.spoke.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.spoke.SpokeCalls;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Phone commands share commits: many logins at once, some of them refused inside a batch,
 * and every answer agrees with the store and the directory afterwards.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1",
        "roam.spoke.hub-id=hub-a",
        "roam.spoke.em.pin-hash-cost=4",
        "roam.spoke.em.maximum-concurrent-requests=64",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
@AutoConfigureMockMvc
class GroupCommitTest {

    private static final int PHONES = 20;
    private static final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @Autowired
    MockMvc http;

    @Test
    void two_users_racing_for_each_phone_one_gets_it_and_everything_agrees_on_who() throws Exception {
        SpokeCalls calls = new SpokeCalls(http);
        for (int i = 0; i < 2 * PHONES; i++) {
            calls.provisionSuperuser("racer-" + i, "1234", dn(i));
        }
        for (int p = 0; p < PHONES; p++) {
            calls.enableDevice(phone(p));
        }

        ExecutorService callers = Executors.newFixedThreadPool(2 * PHONES);
        List<Future<MockHttpServletResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * PHONES; i++) {
                int racer = i;
                Callable<MockHttpServletResponse> login = () ->
                        calls.login(phone(racer / 2), "racer-" + racer, "1234").andReturn().getResponse();
                answers.add(callers.submit(login));
            }
            for (int p = 0; p < PHONES; p++) {
                MockHttpServletResponse first = answers.get(2 * p).get();
                MockHttpServletResponse second = answers.get(2 * p + 1).get();
                assertThat(List.of(first.getStatus(), second.getStatus())).as(phone(p)).containsExactlyInAnyOrder(200, 409);
                int winner = first.getStatus() == 200 ? 2 * p : 2 * p + 1;
                MockHttpServletResponse refused = first.getStatus() == 200 ? second : first;
                assertThat(json.readTree(refused.getContentAsString()).path("code").asInt()).as(phone(p)).isEqualTo(18);

                assertThat(read("/api/v1/devices/" + phone(p)).path("userId").asText()).isEqualTo("racer-" + winner);
                JsonNode won = read("/api/v1/directory/dn/" + dn(winner));
                assertThat(won.path("state").asText()).isEqualTo("LOGGED_IN");
                assertThat(won.path("devices").get(0).asText()).isEqualTo(phone(p));
                int loser = winner == 2 * p ? 2 * p + 1 : 2 * p;
                assertThat(read("/api/v1/directory/dn/" + dn(loser)).path("state").asText()).isEqualTo("NOT_LOGGED_IN");
            }
        } finally {
            callers.shutdownNow();
        }
        JsonNode audit = json.readTree(http.perform(get("/api/v1/admin/replication/audit").header("Authorization", SpokeCalls.ADMIN))
                .andReturn().getResponse().getContentAsString());
        assertThat(audit.path("exactlyOnce").asBoolean()).as("%s", audit).isTrue();
    }

    private JsonNode read(String path) throws Exception {
        return json.readTree(http.perform(get(path)).andReturn().getResponse().getContentAsString());
    }

    private static String phone(int p) {
        return String.format("SEP0000000%05d", p);
    }

    private static String dn(int racer) {
        return Integer.toString(3_000_000 + racer);
    }
}
