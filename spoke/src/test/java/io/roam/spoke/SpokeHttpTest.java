package io.roam.spoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.spoke.credentials.PinHasher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;


import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The spoke's HTTP contract (docs/api.md) on a real H2 file store. No broker is reachable here: a
 * cluster cut off from the network still logs its users in.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1",
        "roam.spoke.hub-id=hub-a",
        "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
@AutoConfigureMockMvc
class SpokeHttpTest {

    private static final String ADMIN = SpokeCalls.ADMIN;

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @Autowired
    MockMvc http;

    @BeforeEach
    void provision() throws Exception {
        admin(put("/api/v1/admin/users/bob"), "{\"pin\":\"1234\",\"dns\":[\"1000001\",\"1000002\"],\"superuser\":true,\"selfServiceId\":\"5001\"}")
                .andExpect(status().isOk());
        admin(put("/api/v1/admin/devices/SEP000000000011"), "{\"emEnabled\":true}").andExpect(status().isOk());
        admin(put("/api/v1/admin/devices/SEP000000000012"), "{\"emEnabled\":true}").andExpect(status().isOk());
        admin(put("/api/v1/admin/devices/SEP000000000099"), "{\"emEnabled\":false}").andExpect(status().isOk());
        // each test starts from free phones; a 19 here only says one already was
        logout("SEP000000000011");
        logout("SEP000000000012");
    }

    @Test
    void a_user_logs_in_and_the_dn_routes_here() throws Exception {
        login("{\"device\":\"SEP000000000011\",\"userId\":\"bob\",\"pin\":\"1234\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userId").value("bob"))
                .andExpect(jsonPath("$.cluster").value("cluster-1"))
                .andExpect(jsonPath("$.dns[0]").value("1000001"))
                .andExpect(jsonPath("$.loginId").isString());

        http.perform(get("/api/v1/directory/dn/1000001"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("LOGGED_IN"))
                .andExpect(jsonPath("$.cluster").value("cluster-1"))
                .andExpect(jsonPath("$.devices[0]").value("SEP000000000011"));
        http.perform(get("/api/v1/devices/SEP000000000011"))
                .andExpect(jsonPath("$.userId").value("bob"));
    }

    @Test
    void login_types_dn_and_sp_find_the_user() throws Exception {
        login("{\"device\":\"SEP000000000011\",\"loginType\":\"DN\",\"dn\":\"1000001\",\"pin\":\"1234\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.userId").value("bob"));
        login("{\"device\":\"SEP000000000012\",\"loginType\":\"SP\",\"selfServiceId\":\"5001\",\"pin\":\"1234\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.userId").value("bob"));
    }

    @Test
    void every_bad_login_gets_its_em_code_never_a_500() throws Exception {
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"bob\",\"pin\":\"9999\"}"), 201, 401);
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"bob\",\"pin\":\"\"}"), 202, 400);
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"\",\"pin\":\"1234\"}"), 202, 400);
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"nobody\",\"pin\":\"1234\"}"), 23, 404);
        expectCode(login("{\"device\":\"SEP-UNKNOWN\",\"userId\":\"bob\",\"pin\":\"1234\"}"), 11, 404);
        expectCode(login("{\"device\":\"\",\"userId\":\"bob\",\"pin\":\"1234\"}"), 207, 400);
        expectCode(login("{\"device\":\"SEP000000000099\",\"userId\":\"bob\",\"pin\":\"1234\"}"), 22, 403);
        expectCode(login("{\"device\":\"SEP000000000011\",\"loginType\":\"FINGER\",\"userId\":\"bob\",\"pin\":\"1234\"}"), 215, 400);
        expectCode(login("{\"device\":\"SEP000000000011\",\"loginType\":\"DN\",\"dn\":\"7777777\",\"pin\":\"1234\"}"), 23, 404);
        expectCode(login("{\"device\":\"SEP0000"), 1, 400);
        expectCode(login("[1,2,3]"), 1, 400);
    }

    @Test
    void a_device_holds_one_user_and_logout_needs_one() throws Exception {
        login("{\"device\":\"SEP000000000011\",\"userId\":\"bob\",\"pin\":\"1234\"}").andExpect(status().isOk());
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"bob\",\"pin\":\"1234\"}"), 18, 409);

        logout("SEP000000000011").andExpect(status().isOk()).andExpect(jsonPath("$.userId").value("bob"));
        expectCode(logout("SEP000000000011"), 19, 409);
    }

    @Test
    void a_dn_that_is_primary_for_several_users_cannot_identify_one_216() throws Exception {
        admin(put("/api/v1/admin/users/shared1"), "{\"pin\":\"1234\",\"dns\":[\"1000050\"],\"superuser\":true}")
                .andExpect(status().isOk());
        admin(put("/api/v1/admin/users/shared2"), "{\"pin\":\"1234\",\"dns\":[\"1000050\"],\"superuser\":true}")
                .andExpect(status().isOk());

        expectCode(login("{\"device\":\"SEP000000000011\",\"loginType\":\"DN\",\"dn\":\"1000050\",\"pin\":\"1234\"}"), 216, 409);
        http.perform(get("/api/v1/directory/dn/1000050")).andExpect(jsonPath("$.userId").value("shared2"));
    }

    @Test
    void a_user_without_dns_has_no_profile_205() throws Exception {
        admin(put("/api/v1/admin/users/nodns"), "{\"pin\":\"1234\",\"dns\":[],\"superuser\":true}").andExpect(status().isOk());
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"nodns\",\"pin\":\"1234\"}"), 205, 404);
    }

    @Test
    void admin_calls_need_the_token() throws Exception {
        http.perform(put("/api/v1/admin/devices/SEP000000000013").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"emEnabled\":true}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value(201));
    }

    @Test
    void a_device_is_configured_with_a_geolocation_and_a_device_pool() throws Exception {
        admin(put("/api/v1/admin/devices/SEP000000000031"),
                "{\"emccSupported\":true,\"geolocation\":{\"country\":\"DE\",\"city\":\" Berlin \",\"floor\":\"\"},"
                        + "\"devicePool\":\"DP Berlin\"}").andExpect(status().isOk());

        http.perform(get("/api/v1/devices/SEP000000000031"))
                .andExpect(jsonPath("$.emEnabled").value(true))
                .andExpect(jsonPath("$.emccSupported").value(true))
                .andExpect(jsonPath("$.geolocation.country").value("DE"))
                .andExpect(jsonPath("$.geolocation.city").value("Berlin"))
                .andExpect(jsonPath("$.geolocation.floor").isEmpty())
                .andExpect(jsonPath("$.geolocation.empty").doesNotExist())
                .andExpect(jsonPath("$.devicePool").value("DP Berlin"));
    }

    @Test
    void a_device_pool_or_geolocation_over_its_bounds_is_refused_before_anything_is_stored() throws Exception {
        expectCode(admin(put("/api/v1/admin/devices/SEP000000000032"), "{\"devicePool\":\"DP/Berlin\"}"), 1, 400);
        expectCode(admin(put("/api/v1/admin/devices/SEP000000000032"),
                "{\"geolocation\":{\"city\":\"" + "x".repeat(65) + "\"}}"), 1, 400);
        expectCode(http.perform(get("/api/v1/devices/SEP000000000032")), 11, 404);
    }

    @Test
    void an_admin_logs_a_device_out() throws Exception {
        login("{\"device\":\"SEP000000000012\",\"userId\":\"bob\",\"pin\":\"1234\"}").andExpect(status().isOk());
        admin(post("/api/v1/admin/devices/SEP000000000012/logout"), "").andExpect(status().isOk())
                .andExpect(jsonPath("$.userId").value("bob"));
        http.perform(get("/api/v1/devices/SEP000000000012")).andExpect(jsonPath("$.userId").isEmpty());
    }

    @Test
    void the_directory_answers_for_known_and_unknown_dns() throws Exception {
        http.perform(get("/api/v1/directory/dn/1000002"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.homeCluster").value("cluster-1"))
                .andExpect(jsonPath("$.state").value("NOT_LOGGED_IN"))
                .andExpect(jsonPath("$.pendingLogouts").isArray());
        expectCode(http.perform(get("/api/v1/directory/dn/9999999")), 23, 404);
        http.perform(post("/api/v1/directory/lookup").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"dns\":[\"1000001\",\"9999999\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].userId").value("bob"))
                .andExpect(jsonPath("$.results[1].state").value("UNKNOWN"));
    }

    @Test
    void a_lookup_with_a_null_dn_is_em_error_1() throws Exception {
        expectCode(http.perform(post("/api/v1/directory/lookup").contentType(MediaType.APPLICATION_JSON)
                .content("{\"dns\":[null]}")), 1, 400);
        expectCode(http.perform(post("/api/v1/directory/lookup").contentType(MediaType.APPLICATION_JSON)
                .content("{\"dns\":[\"1000001\",null]}")), 1, 400);
    }

    @Test
    void a_pin_longer_than_bcrypt_reads_is_refused_before_anything_is_stored() throws Exception {
        String longest = "1".repeat(PinHasher.MAX_PIN_BYTES);
        expectCode(admin(put("/api/v1/admin/users/longpin"),
                "{\"pin\":\"" + longest + "1\",\"dns\":[\"1000091\"],\"superuser\":true}"), 1, 400);
        // fewer characters than bytes: the limit is bcrypt's, in UTF-8 bytes
        expectCode(admin(put("/api/v1/admin/users/longpin"),
                "{\"pin\":\"" + "\u00e9".repeat(PinHasher.MAX_PIN_BYTES / 2 + 1) + "\",\"dns\":[\"1000091\"]}"), 1, 400);
        expectCode(http.perform(get("/api/v1/admin/users/longpin").header("Authorization", ADMIN)), 23, 404);
        expectCode(http.perform(get("/api/v1/directory/dn/1000091")), 23, 404);

        admin(put("/api/v1/admin/users/longpin"),
                "{\"pin\":\"" + longest + "\",\"dns\":[\"1000091\"],\"superuser\":true}").andExpect(status().isOk());
        // bcrypt would read only the first bytes of this one, and let it in
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"longpin\",\"pin\":\"" + longest + "1\"}"), 201, 401);
        login("{\"device\":\"SEP000000000011\",\"userId\":\"longpin\",\"pin\":\"" + longest + "\"}")
                .andExpect(status().isOk());
    }

    @Test
    void a_deleted_user_is_gone_and_cannot_log_in() throws Exception {
        admin(put("/api/v1/admin/users/gone"), "{\"pin\":\"1234\",\"dns\":[\"1000077\"],\"superuser\":false}")
                .andExpect(status().isOk());
        admin(delete("/api/v1/admin/users/gone"), "").andExpect(status().isNoContent());

        expectCode(http.perform(get("/api/v1/admin/users/gone").header("Authorization", ADMIN)), 23, 404);
        expectCode(login("{\"device\":\"SEP000000000011\",\"userId\":\"gone\",\"pin\":\"1234\"}"), 23, 404);
        http.perform(get("/api/v1/directory/dn/1000077")).andExpect(status().isNotFound());
    }

    @Test
    void replication_status_reports_the_backlog_and_the_digest() throws Exception {
        http.perform(get("/api/v1/replication"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cluster").value("cluster-1"))
                .andExpect(jsonPath("$.hub").value("hub-a"))
                .andExpect(jsonPath("$.mapDigest").isString())
                .andExpect(jsonPath("$.pendingLogouts.total").value(0));
    }

    @Test
    void a_login_counts_as_unpublished_the_moment_it_is_acknowledged() throws Exception {
        long before = unpublished();

        login("{\"device\":\"SEP000000000011\",\"userId\":\"bob\",\"pin\":\"1234\"}").andExpect(status().isOk());

        // No waiting: the outbox may not have numbered it yet, and the broker here is unreachable.
        assertThat(unpublished()).isGreaterThan(before);
    }

    private long unpublished() throws Exception {
        String body = http.perform(get("/api/v1/replication")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return new ObjectMapper().readTree(body).path("unpublished").asLong();
    }

    @Test
    void a_spoke_that_never_reached_its_inbound_topic_is_out_of_service() throws Exception {
        http.perform(get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.replication.status").value("OUT_OF_SERVICE"));
        http.perform(get("/actuator/health/readiness")).andExpect(status().isServiceUnavailable());
    }

    @Test
    void the_exactly_once_audit_reads_the_store() throws Exception {
        login("{\"device\":\"SEP000000000011\",\"userId\":\"bob\",\"pin\":\"1234\"}").andExpect(status().isOk());

        http.perform(get("/api/v1/admin/replication/audit").header("Authorization", ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.exactlyOnce").value(true))
                .andExpect(jsonPath("$.origins").isArray());
    }

    private static void expectCode(ResultActions result, int code, int httpStatus) throws Exception {
        SpokeCalls.expectCode(result, code, httpStatus);
    }

    private ResultActions login(String body) throws Exception {
        return new SpokeCalls(http).login(body);
    }

    private ResultActions logout(String device) throws Exception {
        return new SpokeCalls(http).logout(device);
    }

    private ResultActions admin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
                                String body) throws Exception {
        return new SpokeCalls(http).admin(request, body);
    }
}
