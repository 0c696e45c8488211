package io.roam.events;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkKeysTest {

    private static final String HASH = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    private static byte[] key(int fill) {
        byte[] key = new byte[NetworkKeys.KEY_BYTES];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private final NetworkKeys k1 = new NetworkKeys(Map.of("k1", key(1)), "k1");

    @Test
    void a_sealed_hash_opens_to_itself_and_does_not_show_it() throws Exception {
        SealedPin sealed = k1.seal("bob", HASH);

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.toString()).doesNotContain(HASH).doesNotContain("$2a$");
        assertThat(Base64.getDecoder().decode(sealed.iv())).hasSize(12);
        assertThat(k1.open("bob", sealed)).isEqualTo(HASH);
    }

    @Test
    void the_same_hash_sealed_twice_looks_different() {
        assertThat(k1.seal("bob", HASH)).isNotEqualTo(k1.seal("bob", HASH));
    }

    @Test
    void a_key_id_not_configured_here_is_named_in_the_refusal() {
        SealedPin sealed = new NetworkKeys(Map.of("k2", key(2)), "k2").seal("bob", HASH);

        assertThatThrownBy(() -> k1.open("bob", sealed)).isInstanceOfSatisfying(UnopenablePin.class, e -> {
            assertThat(e.reason()).isEqualTo(UnopenablePin.Reason.UNKNOWN_KEY);
            assertThat(e.keyId()).isEqualTo("k2");
        });
    }

    @Test
    void the_same_key_id_with_other_key_bytes_is_refused() {
        SealedPin sealed = new NetworkKeys(Map.of("k1", key(9)), "k1").seal("bob", HASH);

        assertRefused(() -> k1.open("bob", sealed));
    }

    @Test
    void a_hash_sealed_for_one_user_does_not_open_in_another_users_record() {
        SealedPin bobs = k1.seal("bob", HASH);

        assertRefused(() -> k1.open("mallory", bobs));
    }

    @Property
    void any_changed_bit_of_the_ciphertext_is_refused(@ForAll @StringLength(min = 1, max = 80) String hash,
                                                       @ForAll @IntRange(min = 0, max = 10_000) int position) {
        SealedPin sealed = k1.seal("bob", hash);
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        int bit = position % (bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        SealedPin tampered = new SealedPin("k1", sealed.iv(), Base64.getEncoder().encodeToString(bytes));

        assertRefused(() -> k1.open("bob", tampered));
    }

    @Test
    void a_malformed_sealed_pin_is_refused_not_thrown() {
        SealedPin sealed = k1.seal("bob", HASH);

        assertRefused(() -> k1.open("bob", new SealedPin("k1", "not base64!", sealed.ciphertext())));
        assertRefused(() -> k1.open("bob", new SealedPin("k1", "AAAA", sealed.ciphertext())));
        assertRefused(() -> k1.open("bob", new SealedPin("k1", sealed.iv(), null)));
        assertRefused(() -> k1.open("bob", new SealedPin("k1", sealed.iv(), "AAAA")));
    }

    @Test
    void after_a_rotation_records_sealed_with_the_old_key_still_open() throws Exception {
        SealedPin old = k1.seal("bob", HASH);
        NetworkKeys rotated = new NetworkKeys(Map.of("k1", key(1), "k2", key(2)), "k2");

        assertThat(rotated.seal("bob", HASH).keyId()).isEqualTo("k2");
        assertThat(rotated.open("bob", old)).isEqualTo(HASH);
    }

    @Test
    void without_keys_nothing_is_sealed() {
        assertThat(NetworkKeys.none().seals()).isFalse();
        assertThatThrownBy(() -> NetworkKeys.none().open("bob", k1.seal("bob", HASH)))
                .isInstanceOfSatisfying(UnopenablePin.class,
                        e -> assertThat(e.reason()).isEqualTo(UnopenablePin.Reason.UNKNOWN_KEY));
    }

    @Test
    void a_key_of_the_wrong_size_an_unusable_id_or_a_missing_sealing_key_is_a_configuration_error() {
        assertThatThrownBy(() -> new NetworkKeys(Map.of("k1", new byte[16]), "k1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkKeys(Map.of("Key.1", key(1)), "Key.1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkKeys(Map.of("k1", key(1)), "k2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkKeys(Map.of("k1", key(1)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(ThrowingCallable open) {
        assertThatThrownBy(open).isInstanceOfSatisfying(UnopenablePin.class,
                e -> assertThat(e.reason()).isEqualTo(UnopenablePin.Reason.REFUSED));
    }
}
