package io.roam.spoke.credentials;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.events.NetworkKeys;
import io.roam.events.SealedPin;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a cluster holding network key k1 can check of the superusers' hashes it is sent. */
class CredentialsTest {

    private final NetworkKeys k1 = keys("k1", 1);
    private final NetworkKeys k2 = keys("k2", 2);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Credentials credentials = new Credentials(k1, meters);

    private static NetworkKeys keys(String id, int fill) {
        byte[] key = new byte[NetworkKeys.KEY_BYTES];
        Arrays.fill(key, (byte) fill);
        return new NetworkKeys(Map.of(id, key), id);
    }

    private static UserProvisioned sealed(NetworkKeys keys, String hash, long hlc) {
        return new UserProvisioned("bob", "cluster-2", List.of("2000001"), true, null, null, keys.seal("bob", hash), hlc);
    }

    private static UserProvisioned readable(String hash, long hlc) {
        return new UserProvisioned("bob", "cluster-2", List.of("2000001"), true, null, hash, hlc);
    }

    @Test
    void a_hash_sealed_with_a_key_held_here_is_opened() {
        credentials.apply(sealed(k1, "hash-1", 1));

        assertThat(credentials.pinHash("bob")).contains("hash-1");
        assertThat(credentials.unopenedKeyId("bob")).isEmpty();
    }

    @Test
    void a_readable_hash_from_before_network_keys_still_works() {
        credentials.apply(readable("hash-1", 1));

        assertThat(credentials.pinHash("bob")).contains("hash-1");
    }

    @Test
    void a_hash_sealed_with_a_key_not_held_here_is_unavailable_and_counted() {
        credentials.apply(readable("hash-0", 1));
        credentials.apply(sealed(k2, "hash-1", 2));

        assertThat(credentials.pinHash("bob")).as("the older hash must not stand in for the newer").isEmpty();
        assertThat(credentials.unopenedKeyId("bob")).contains("k2");
        assertThat(meters.counter("roam.credentials.unopened", "reason", "UNKNOWN_KEY").count())
                .isEqualTo(1);
    }

    @Test
    void a_tampered_sealed_hash_is_unavailable_not_an_error() {
        SealedPin good = k1.seal("bob", "hash-1");
        char first = good.ciphertext().charAt(0);
        SealedPin tampered = new SealedPin("k1", good.iv(), (first == 'A' ? 'B' : 'A') + good.ciphertext().substring(1));

        credentials.apply(new UserProvisioned("bob", "cluster-2", List.of("2000001"), true, null, null, tampered, 1));

        assertThat(credentials.pinHash("bob")).isEmpty();
        assertThat(credentials.unopenedKeyId("bob")).contains("k1");
        assertThat(meters.counter("roam.credentials.unopened", "reason", "REFUSED").count())
                .isEqualTo(1);
    }

    @Test
    void a_newer_hash_that_opens_makes_the_user_available_again_whatever_the_order() {
        Credentials other = new Credentials(k1, new SimpleMeterRegistry());
        UserProvisioned unopenable = sealed(k2, "hash-1", 1);
        UserProvisioned opens = sealed(k1, "hash-2", 2);

        credentials.apply(unopenable);
        credentials.apply(opens);
        other.apply(opens);
        other.apply(unopenable);

        for (Credentials c : List.of(credentials, other)) {
            assertThat(c.pinHash("bob")).contains("hash-2");
            assertThat(c.unopenedKeyId("bob")).isEmpty();
        }
    }

    @Test
    void the_home_clusters_own_record_wins_and_a_removal_forgets_everything() {
        credentials.apply(sealed(k2, "hash-1", 5));
        credentials.apply(new CredentialsRecorded("bob", "hash-home"));
        assertThat(credentials.pinHash("bob")).contains("hash-home");
        assertThat(credentials.unopenedKeyId("bob")).isEmpty();

        credentials.apply(new UserRemoved("bob", "cluster-2", 6));

        assertThat(credentials.pinHash("bob")).isEmpty();
    }

    @Test
    void a_bcrypt_hash_is_given_back_as_it_came_whatever_its_version_and_cost() {
        String real = new BCryptPasswordEncoder(4).encode("1234");
        List<String> hashes = List.of(real,
                "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                "$2y$19$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                "$2a$31$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                "$2a$10$N9qo8uLOickgx2ZMRZoMyfIjZAgcfl7p92ldGxad68LJZdL17lhWz",
                "$2x$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lh!y");
        long hlc = 1;
        for (String hash : hashes) {
            credentials.apply(readable(hash, hlc++));

            assertThat(credentials.pinHash("bob")).as(hash).contains(hash);
        }
        credentials.apply(new CredentialsRecorded("bob", real));

        assertThat(credentials.pinHash("bob")).contains(real);
    }
}
