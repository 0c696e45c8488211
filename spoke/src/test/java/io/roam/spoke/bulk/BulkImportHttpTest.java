package io.roam.spoke.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roam.events.UserProvisioned;
import io.roam.spoke.SpokeCalls;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.provisioning.ProvisionUser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.roam.spoke.SpokeCalls.expectCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** {@code POST /api/v1/admin/import} on one spoke with a real H2 store; each test uses users and DNs of its own. */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
        "roam.spoke.import.max-bytes=256KB"})
@AutoConfigureMockMvc
class BulkImportHttpTest {

    private static final String USERS = "userId,pin,dns,superuser,selfServiceId,emcc\n";
    private static final String DEVICES = "device,emEnabled,emccSupported,country,state,city,postalCode,building,floor,"
            + "devicePool\n";
    /** A hash another system made of the PIN 4321. */
    private static final String HASH_4321 = new BCryptPasswordEncoder(4).encode("4321");
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @Autowired
    MockMvc http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RoamingDirectory directory;
    @Autowired
    CommandBatches batches;

    @Test
    void a_users_file_provisions_every_user_and_each_logs_in_with_its_pin_clear_or_hashed() throws Exception {
        String file = USERS
                + "ann,1234,1100001;1100002,true,5101,false\n"
                + "ben," + HASH_4321 + ",1100003,false,,true\n"
                + "\"cay\",\"9876\",1100004,,,\n";

        JsonNode answer = answer(importFile(file).andExpect(status().isOk()));

        assertThat(answer.path("kind").asText()).isEqualTo("users");
        assertCounts(answer, 3, 3, 0, 0);

        admin(get("/api/v1/admin/users/ann")).andExpect(jsonPath("$.dns[1]").value("1100002"))
                .andExpect(jsonPath("$.superuser").value(true)).andExpect(jsonPath("$.selfServiceId").value("5101"));
        admin(get("/api/v1/admin/users/ben")).andExpect(jsonPath("$.emcc").value(true))
                .andExpect(jsonPath("$.superuser").value(false));
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.enableDevice("SEP-IMP-1");
        spoke.login("SEP-IMP-1", "ann", "1234").andExpect(status().isOk());
        spoke.logout("SEP-IMP-1").andExpect(status().isOk());
        expectCode(spoke.login("SEP-IMP-1", "ben", "1234"), 201, 401);
        spoke.login("SEP-IMP-1", "ben", "4321").andExpect(status().isOk());
        spoke.logout("SEP-IMP-1").andExpect(status().isOk());
        spoke.login("SEP-IMP-1", "cay", "9876").andExpect(status().isOk());
        spoke.logout("SEP-IMP-1").andExpect(status().isOk());
    }

    @Test
    void a_devices_file_configures_every_device_with_its_geolocation_and_pool() throws Exception {
        String file = DEVICES
                + "SEP-IMP-D1,true,true,DE,BE,Berlin,10117,\"Haus 2, Nord\",3,DP Berlin\n"
                + "SEP-IMP-D2,false,,,,,,,,\n";

        assertCounts(answer(importFile(file).andExpect(status().isOk())), 2, 2, 0, 0);

        http.perform(get("/api/v1/devices/SEP-IMP-D1")).andExpect(jsonPath("$.emEnabled").value(true))
                .andExpect(jsonPath("$.emccSupported").value(true))
                .andExpect(jsonPath("$.geolocation.city").value("Berlin"))
                .andExpect(jsonPath("$.geolocation.building").value("Haus 2, Nord"))
                .andExpect(jsonPath("$.devicePool").value("DP Berlin"));
        http.perform(get("/api/v1/devices/SEP-IMP-D2")).andExpect(jsonPath("$.emEnabled").value(false))
                .andExpect(jsonPath("$.geolocation.country").isEmpty()).andExpect(jsonPath("$.devicePool").isEmpty());
    }

    @Test
    void a_file_with_bad_rows_names_every_one_and_stores_nothing() throws Exception {
        directory.apply(new UserProvisioned("dora", "cluster-2", List.of("1200009"), false, null, null, 10L));
        long events = events();
        String file = USERS
                + "gil,1234,1200001,false,,false\n"
                + "bad user,1234,1200002,false,,false\n"
                + "hal,,1200003,false,,false\n"
                + "ida,1234,12-00004,false,,false\n"
                + "\n"
                + "jon,1234,1200005,maybe,,false\n"
                + "kit,$2a$31$" + "a".repeat(53) + ",1200006,false,,false\n"
                + "lea,$2a$10$short,1200007,false,,false\n"
                + "gil,1234,1200008,false,,false\n"
                + "max,1234,1200001,false,,false\n"
                + "dora,1234,1200010,false,,false\n"
                + "ned,1234,1200009,false,,false\n"
                + "oli,1234,1200011\n"
                + "pam,1234,1200012,false," + "s".repeat(129) + ",false\n"
                + "quin,1234," + dns(65, 1_210_000) + ",false,,false\n"
                + "ray," + "1".repeat(73) + ",1200013,false,,false\n"
                + "sal,\"1234,1200014,false,,false\n";

        JsonNode answer = answer(importFile(file).andExpect(status().isBadRequest()));

        assertThat(answer.path("code").asInt()).isEqualTo(1);
        assertThat(answer.path("error").asText()).isEqualTo("Error on parsing");
        assertThat(answer.path("rows").asInt()).isEqualTo(16);
        assertThat(answer.path("refused").asInt()).isEqualTo(15);
        assertThat(lines(answer)).containsExactly(3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
        assertThat(reason(answer, 4)).contains("new user needs a PIN");
        assertThat(reason(answer, 8)).contains("cost 31");
        assertThat(reason(answer, 10)).contains("gil").contains("line 2");
        assertThat(reason(answer, 11)).contains("1200001").contains("line 2");
        assertThat(reason(answer, 12)).contains("cluster-2");
        assertThat(reason(answer, 13)).contains("1200009").contains("cluster-2");
        expectCode(admin(get("/api/v1/admin/users/gil")), 23, 404);
        expectCode(http.perform(get("/api/v1/directory/dn/1200001")), 23, 404);
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void importing_the_same_file_again_changes_nothing() throws Exception {
        String users = USERS
                + "tom,1234,1300001,true,5301,false\n"
                + "uma," + HASH_4321 + ",1300002;1300003,false,,true\n";
        String devices = DEVICES + "SEP-IMP-R1,true,false,DE,,Berlin,,,,DP Berlin\n";
        assertCounts(answer(importFile(users).andExpect(status().isOk())), 2, 2, 0, 0);
        assertCounts(answer(importFile(devices).andExpect(status().isOk())), 1, 1, 0, 0);
        long events = events();

        assertCounts(answer(importFile(users).andExpect(status().isOk())), 2, 0, 0, 2);
        assertCounts(answer(importFile(devices).andExpect(status().isOk())), 1, 0, 0, 1);

        assertThat(events()).isEqualTo(events);
    }

    @Test
    void a_changed_row_is_applied_and_the_others_are_left_as_they_are() throws Exception {
        importFile(USERS + "vic,1234,1400001,false,,false\nwes,1234,1400002,false,,false\n"
                + "xan,1234,1400003,false,,false\n").andExpect(status().isOk());
        long events = events();

        JsonNode answer = answer(importFile(USERS + "vic,1234,1400001,false,,false\nwes,5555,1400002,false,,false\n"
                + "xan,,1400003;1400004,false,,false\nyul,1234,1400005,false,,false\n").andExpect(status().isOk()));

        assertCounts(answer, 4, 1, 2, 1);
        assertThat(events()).isGreaterThan(events);
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.enableDevice("SEP-IMP-2");
        spoke.login("SEP-IMP-2", "wes", "5555").andExpect(status().isOk());
        spoke.logout("SEP-IMP-2").andExpect(status().isOk());
        spoke.login("SEP-IMP-2", "xan", "1234").andExpect(status().isOk()).andExpect(jsonPath("$.dns[1]").value("1400004"));
    }

    @Test
    void a_file_over_the_general_body_limit_is_taken_and_one_over_the_import_limit_is_refused() throws Exception {
        String large = USERS + IntStream.range(0, 1_000)
                .mapToObj(i -> "big" + i + "," + HASH_4321 + "," + (1_500_000 + i) + ",false,,false\n")
                .collect(Collectors.joining());
        assertThat(large.length()).isGreaterThan(64 * 1024).isLessThan(256 * 1024);
        assertCounts(answer(importFile(large).andExpect(status().isOk())), 1_000, 1_000, 0, 0);

        long events = events();
        String tooLarge = USERS + IntStream.range(0, 3_000)
                .mapToObj(i -> "huge" + i + "," + HASH_4321 + "," + (1_600_000 + i) + ",false,,false\n")
                .collect(Collectors.joining());
        expectCode(importFile(tooLarge), 1, 413);
        expectCode(admin(get("/api/v1/admin/users/huge0")), 23, 404);
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void a_batch_whose_command_fails_is_rolled_back_whole_and_the_store_stays_exact() throws Exception {
        long events = events();
        List<ProvisionUser> batch = List.of(
                new ProvisionUser("rollback1", List.of("1700001"), false, false, null, HASH_4321),
                new ProvisionUser("rollback2", List.of("1700002"), false, false, null, null));

        assertThatThrownBy(() -> batches.send(batch)).hasMessageContaining("a new user needs a PIN");

        assertThat(events()).isEqualTo(events);
        expectCode(admin(get("/api/v1/admin/users/rollback1")), 23, 404);
        assertCounts(answer(importFile(USERS + "rollback1,1234,1700001,false,,false\n").andExpect(status().isOk())),
                1, 1, 0, 0);
        admin(get("/api/v1/admin/replication/audit")).andExpect(jsonPath("$.exactlyOnce").value(true));
    }

    @Test
    void a_file_whose_header_names_no_kind_is_refused_at_line_1() throws Exception {
        JsonNode answer = answer(importFile("user,pin\nzed,1234\n").andExpect(status().isBadRequest()));

        assertThat(lines(answer)).containsExactly(1);
        assertThat(reason(answer, 1)).contains("userId,pin,dns");
        assertThat(lines(answer(importFile("").andExpect(status().isBadRequest())))).containsExactly(1);
    }

    @Test
    void a_header_that_cannot_be_read_is_refused_with_its_own_problem() throws Exception {
        byte[] notUtf8 = {'u', 's', 'e', 'r', (byte) 0xC3, (byte) 0x28, '\n'};
        JsonNode answer = answer(admin(post("/api/v1/admin/import").contentType("text/csv").content(notUtf8))
                .andExpect(status().isBadRequest()));

        assertThat(lines(answer)).containsExactly(1);
        assertThat(reason(answer, 1)).contains("not UTF-8");
    }

    @Test
    void a_file_sent_as_a_form_or_without_the_token_is_refused() throws Exception {
        expectCode(admin(post("/api/v1/admin/import").contentType("application/x-www-form-urlencoded")
                .content(USERS + "zoe,1234,1500001,false,,false\n")), 1, 400);
        expectCode(http.perform(post("/api/v1/admin/import").contentType("text/csv")
                .content(USERS + "zoe,1234,1500001,false,,false\n")), 201, 401);
        expectCode(admin(get("/api/v1/admin/users/zoe")), 23, 404);
    }

    private ResultActions importFile(String csv) throws Exception {
        return admin(post("/api/v1/admin/import").contentType("text/csv").content(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private ResultActions admin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
            throws Exception {
        return http.perform(request.header("Authorization", SpokeCalls.ADMIN));
    }

    private long events() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
    }

    private static JsonNode answer(ResultActions result) throws Exception {
        return JSON.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private static void assertCounts(JsonNode answer, int rows, int created, int changed, int unchanged) {
        assertThat(List.of(answer.path("rows").asInt(), answer.path("created").asInt(), answer.path("changed").asInt(),
                answer.path("unchanged").asInt())).as(answer.toString()).containsExactly(rows, created, changed, unchanged);
    }

    private static List<Integer> lines(JsonNode answer) {
        return answer.path("badRows").findValues("line").stream().map(JsonNode::asInt).toList();
    }

    private static String reason(JsonNode answer, int line) {
        for (JsonNode bad : answer.path("badRows")) {
            if (bad.path("line").asInt() == line) {
                return bad.path("reason").asText();
            }
        }
        throw new AssertionError("line " + line + " is not named in " + answer);
    }

    private static String dns(int count, int first) {
        return IntStream.range(first, first + count).mapToObj(Integer::toString).collect(Collectors.joining(";"));
    }
}
