package io.roam.spoke.replication;

import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.events.HybridLogicalClock;
import io.roam.events.NetworkKeys;
import io.roam.events.SealedPin;
import io.roam.events.UserProvisioned;
import io.roam.spoke.SpokeCalls;
import io.roam.spoke.credentials.Credentials;
import io.roam.spoke.credentials.PinHasher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.roam.spoke.SpokeCalls.expectCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A spoke given network key k1: what it publishes of a superuser carries no readable hash, and
 * what it receives it opens with the key named, if it holds it. No broker is reachable here.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
        "roam.spoke.network-keys.k1=" + SealedCredentialsTest.K1, "roam.spoke.network-key-id=k1"})
@AutoConfigureMockMvc
class SealedCredentialsTest {

    static final String K1 = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @Autowired
    MockMvc http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventCodec codec;
    @Autowired
    Credentials credentials;
    @Autowired
    NetworkKeys keys;
    @Autowired
    PinHasher pins;
    @Autowired
    InboundApplier applier;
    @Autowired
    HybridLogicalClock clock;

    @Test
    void a_provisioned_superusers_record_on_the_wire_does_not_contain_the_bcrypt_hash() throws Exception {
        new SpokeCalls(http).provisionSuperuser("bob", "1234", "1000001");
        String hash = credentials.pinHash("bob").orElseThrow();

        List<byte[]> outbox = jdbc.queryForList("SELECT envelope FROM outbox ORDER BY seq", byte[].class);
        byte[] bobs = outbox.stream().filter(bytes -> payload(bytes) instanceof UserProvisioned u && u.userId().equals("bob"))
                .findFirst().orElseThrow();

        assertThat(new String(bobs, StandardCharsets.UTF_8)).doesNotContain(hash).doesNotContain("$2a$");
        UserProvisioned sent = (UserProvisioned) payload(bobs);
        assertThat(sent.pinHash()).isNull();
        assertThat(sent.sealedPin().keyId()).isEqualTo("k1");
        assertThat(keys.open("bob", sent.sealedPin())).isEqualTo(hash);
    }

    @Test
    void a_superuser_sealed_with_a_key_held_here_logs_in_here() throws Exception {
        receive("cluster-2", "erin", "2000001", null, keys.seal("erin", pins.hash("1234")));
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.enableDevice("SEP-S1");

        spoke.login("SEP-S1", "erin", "1234").andExpect(status().isOk());
    }

    @Test
    void a_superuser_with_a_readable_hash_from_before_network_keys_still_logs_in_here() throws Exception {
        receive("cluster-3", "fred", "3000001", pins.hash("1234"), null);
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.enableDevice("SEP-S2");

        spoke.login("SEP-S2", "fred", "1234").andExpect(status().isOk());
    }

    @Test
    void a_superuser_sealed_with_a_key_not_held_here_cannot_log_in_here_and_is_not_locked_by_trying()
            throws Exception {
        byte[] k9 = new byte[NetworkKeys.KEY_BYTES];
        Arrays.fill(k9, (byte) 9);
        NetworkKeys elsewhere = new NetworkKeys(Map.of("k9", k9), "k9");
        receive("cluster-4", "gina", "4000001", null, elsewhere.seal("gina", pins.hash("1234")));
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.enableDevice("SEP-S3");

        for (int i = 0; i < 6; i++) {
            expectCode(spoke.login("SEP-S3", "gina", "1234"), 201, 401);
        }

        assertThat(credentials.unopenedKeyId("gina")).contains("k9");
        spoke.admin(get("/api/v1/admin/users/gina"), "").andExpect(status().isOk())
                .andExpect(jsonPath("$.lockedUntil").isEmpty());
    }

    /** A superuser defined at {@code home}, arriving as that cluster's first event, as the hub's feed would bring it. */
    private void receive(String home, String userId, String dn, String hash, SealedPin sealed) {
        UserProvisioned user = new UserProvisioned(userId, home, List.of(dn), true, null, hash, sealed, clock.tick());
        applier.applyRestored(List.of(Envelope.of(UUID.randomUUID().toString(), home, 1, user)));
    }

    private Object payload(byte[] envelope) {
        try {
            return codec.decode(envelope).payload();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
