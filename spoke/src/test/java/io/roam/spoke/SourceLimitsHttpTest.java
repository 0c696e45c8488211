package io.roam.spoke;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static io.roam.spoke.SpokeCalls.expectCode;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The open EM calls under abuse: each source has its own limits, and other sources do not notice. */
class SourceLimitsHttpTest {

    static RequestPostProcessor from(String source) {
        return request -> {
            request.setRemoteAddr(source);
            return request;
        };
    }

    static ResultActions login(MockMvc http, String source, String device, String userId, String pin) throws Exception {
        return http.perform(post("/api/v1/em/login").contentType(MediaType.APPLICATION_JSON)
                .content("{\"device\":\"" + device + "\",\"userId\":\"" + userId + "\",\"pin\":\"" + pin + "\"}")
                .with(from(source)));
    }

    static ResultActions logout(MockMvc http, String source, String device) throws Exception {
        return http.perform(post("/api/v1/em/logout").contentType(MediaType.APPLICATION_JSON)
                .content("{\"device\":\"" + device + "\"}")
                .with(from(source)));
    }

    @Nested
    @SpringBootTest(properties = {
            "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
            "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
            "roam.spoke.em.rate-per-source=0.01", "roam.spoke.em.burst-per-source=3"})
    @AutoConfigureMockMvc
    class RatePerSource {

        @DynamicPropertySource
        static void freshStore(DynamicPropertyRegistry registry) {
            SpokeCalls.useFreshDataDir(registry);
        }

        @Autowired
        MockMvc http;

        @Test
        void a_burst_beyond_the_bucket_malformed_calls_included_is_refused_with_26_and_another_source_is_not_affected() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("hana", "1234", "1000031");
            spoke.enableDevice("SEP-R1");
            spoke.enableDevice("SEP-R2");

            login(http, "10.0.0.1", "SEP-R1", "hana", "1234").andExpect(status().isOk());
            logout(http, "10.0.0.1", "SEP-R1").andExpect(status().isOk());
            expectCode(http.perform(post("/api/v1/em/login").contentType(MediaType.APPLICATION_JSON).content("{oops")
                    .with(from("10.0.0.1"))), 1, 400);

            expectCode(login(http, "10.0.0.1", "SEP-R1", "hana", "1234"), 26, 429);
            logout(http, "10.0.0.1", "SEP-R1").andExpect(status().isTooManyRequests())
                    .andExpect(header().exists("Retry-After"));

            login(http, "10.0.0.2", "SEP-R2", "hana", "1234").andExpect(status().isOk());
        }
    }

    @Nested
    @SpringBootTest(properties = {
            "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
            "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
            "roam.spoke.em.lockout-attempts=2", "roam.spoke.em.wrong-pin-users-per-source=3"})
    @AutoConfigureMockMvc
    class WrongPinsPerSource {

        @DynamicPropertySource
        static void freshStore(DynamicPropertyRegistry registry) {
            SpokeCalls.useFreshDataDir(registry);
        }

        @Autowired
        MockMvc http;

        @Test
        void wrong_pins_across_many_users_from_one_source_are_refused_before_those_users_lock() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            String[] users = {"ivy", "jon", "kim", "lea", "max"};
            for (int i = 0; i < users.length; i++) {
                spoke.provisionSuperuser(users[i], "1234", "100004" + i);
            }
            spoke.enableDevice("SEP-W1");

            for (int i = 0; i < 3; i++) {
                expectCode(login(http, "10.0.1.1", "SEP-W1", users[i], "0000"), 201, 401);
            }
            for (int round = 0; round < 2; round++) {
                for (String user : users) {
                    expectCode(login(http, "10.0.1.1", "SEP-W1", user, "0000"), 26, 429);
                }
            }

            for (String user : users) {
                spoke.admin(get("/api/v1/admin/users/" + user), "").andExpect(jsonPath("$.lockedUntil").isEmpty());
            }
            login(http, "10.0.1.2", "SEP-W1", "lea", "1234").andExpect(status().isOk());
        }

        @Test
        void a_users_wrong_pins_from_distinct_sources_still_lock_that_user() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("noa", "1234", "1000051");
            spoke.enableDevice("SEP-W2");

            expectCode(login(http, "10.0.2.1", "SEP-W2", "noa", "0000"), 201, 401);
            expectCode(login(http, "10.0.2.2", "SEP-W2", "noa", "0000"), 201, 401);

            expectCode(login(http, "10.0.2.3", "SEP-W2", "noa", "1234"), 201, 401);
            spoke.admin(get("/api/v1/admin/users/noa"), "").andExpect(jsonPath("$.lockedUntil").isString());
        }
    }
}
