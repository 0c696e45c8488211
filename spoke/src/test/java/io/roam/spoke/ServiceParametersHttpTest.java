package io.roam.spoke;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;

import static io.roam.spoke.SpokeCalls.expectCode;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The EM service parameters of the seed, each on a spoke configured for it. */
class ServiceParametersHttpTest {

    @Nested
    @SpringBootTest(properties = {
            "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
            "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
            "roam.spoke.em.multiple-login-behavior=NOT_ALLOWED", "roam.spoke.em.lockout-attempts=3"})
    @AutoConfigureMockMvc
    class MultipleLoginsNotAllowedAndLockout {

        @DynamicPropertySource
        static void freshStore(DynamicPropertyRegistry registry) {
            SpokeCalls.useFreshDataDir(registry);
        }

        @Autowired
        MockMvc http;

        @Test
        void a_second_device_in_the_cluster_is_refused_with_25() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("dana", "1234", "1000011");
            spoke.enableDevice("SEP-A1");
            spoke.enableDevice("SEP-A2");

            spoke.login("SEP-A1", "dana", "1234").andExpect(status().isOk());
            expectCode(spoke.login("SEP-A2", "dana", "1234"), 25, 409);
        }

        @Test
        void three_wrong_pins_lock_the_user_until_an_administrator_unlocks() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("erik", "1234", "1000012");
            spoke.enableDevice("SEP-B1");
            for (int i = 0; i < 3; i++) {
                expectCode(spoke.login("SEP-B1", "erik", "0000"), 201, 401);
            }

            expectCode(spoke.login("SEP-B1", "erik", "1234"), 201, 401);
            spoke.admin(get("/api/v1/admin/users/erik"), "").andExpect(jsonPath("$.lockedUntil").isString());

            spoke.admin(post("/api/v1/admin/users/erik/unlock"), "").andExpect(status().isOk())
                    .andExpect(jsonPath("$.lockedUntil").isEmpty());
            spoke.login("SEP-B1", "erik", "1234").andExpect(status().isOk());
        }
    }

    @Nested
    @SpringBootTest(properties = {
            "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
            "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
            "roam.spoke.em.multiple-login-behavior=AUTO_LOGOUT",
            "roam.spoke.em.intra-cluster-maximum-login-time=3s",
            "roam.spoke.em.maximum-login-time-check=200ms"})
    @AutoConfigureMockMvc
    class AutoLogoutAndMaximumLoginTime {

        @DynamicPropertySource
        static void freshStore(DynamicPropertyRegistry registry) {
            SpokeCalls.useFreshDataDir(registry);
        }

        @Autowired
        MockMvc http;

        @Test
        void a_login_on_a_second_device_logs_the_first_out() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("fay", "1234", "1000013");
            spoke.enableDevice("SEP-C1");
            spoke.enableDevice("SEP-C2");

            spoke.login("SEP-C1", "fay", "1234").andExpect(status().isOk());
            spoke.login("SEP-C2", "fay", "1234").andExpect(status().isOk());

            spoke.device("SEP-C1").andExpect(jsonPath("$.userId").isEmpty());
            spoke.device("SEP-C2").andExpect(jsonPath("$.userId").value("fay"));
        }

        @Test
        void a_login_older_than_the_maximum_login_time_is_ended() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("gus", "1234", "1000014");
            spoke.enableDevice("SEP-D1");
            spoke.login("SEP-D1", "gus", "1234").andExpect(status().isOk());
            spoke.device("SEP-D1").andExpect(jsonPath("$.userId").value("gus"));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    spoke.device("SEP-D1").andExpect(jsonPath("$.userId").isEmpty()));
            http.perform(get("/api/v1/directory/dn/1000014")).andExpect(jsonPath("$.state").value("NOT_LOGGED_IN"));
        }
    }

    @Nested
    @SpringBootTest(properties = {
            "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
            "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
            "roam.spoke.em.validate-ip-address=true", "roam.spoke.em.trusted-list-of-ips=10.0.0.7;10.0.0.8",
            "roam.spoke.em.alphanumeric-user-id=false"})
    @AutoConfigureMockMvc
    class ValidatedSourcesAndNumericUserIds {

        @DynamicPropertySource
        static void freshStore(DynamicPropertyRegistry registry) {
            SpokeCalls.useFreshDataDir(registry);
        }

        @Autowired
        MockMvc http;

        private ResultActions login(String source, String proxyHeader, String userId) throws Exception {
            MockHttpServletRequestBuilder request = post("/api/v1/em/login").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"device\":\"SEP-V1\",\"userId\":\"" + userId + "\",\"pin\":\"1234\"}")
                    .with(SourceLimitsHttpTest.from(source));
            return http.perform(proxyHeader == null ? request : request.header(proxyHeader, "192.0.2.50"));
        }

        @Test
        void logins_and_logouts_come_from_the_trusted_list_and_never_through_a_proxy() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("5001", "1234", "1000021");
            spoke.enableDevice("SEP-V1");

            expectCode(login("192.0.2.1", null, "5001"), 28, 403);
            expectCode(login("10.0.0.7", "Via", "5001"), 30, 403);
            login("10.0.0.7", null, "5001").andExpect(status().isOk());
            expectCode(SourceLimitsHttpTest.logout(http, "192.0.2.1", "SEP-V1"), 28, 403);
            SourceLimitsHttpTest.logout(http, "10.0.0.8", "SEP-V1").andExpect(status().isOk());
        }

        @Test
        void a_user_id_that_is_not_numeric_cannot_log_in() throws Exception {
            SpokeCalls spoke = new SpokeCalls(http);
            spoke.provisionSuperuser("frida", "1234", "1000022");
            spoke.enableDevice("SEP-V1");

            expectCode(login("10.0.0.7", null, "frida"), 23, 404);
        }
    }
}
