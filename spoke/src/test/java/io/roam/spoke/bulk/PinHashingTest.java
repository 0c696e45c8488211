package io.roam.spoke.bulk;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.events.NetworkKeys;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.credentials.Credentials;
import io.roam.spoke.credentials.PinHasher;
import io.roam.spoke.MultipleLoginBehavior;
import io.roam.spoke.credentials.CredentialsRecorded;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash each row of a users file gives its user. */
class PinHashingTest {

    private final PinHasher pins = new PinHasher(settings());
    private final Credentials credentials = new Credentials(NetworkKeys.none(), new SimpleMeterRegistry());
    private final PinHashing hashing = new PinHashing(pins, credentials);

    @Test
    void a_clear_pin_is_hashed_a_supplied_hash_kept_and_an_empty_pin_keeps_the_users() throws InterruptedException {
        String supplied = pins.hash("4321");

        List<String> hashes = hashing.hashes(List.of(row("ann", "1234", null), row("ben", null, supplied),
                row("cay", null, null)));

        assertThat(pins.matches("1234", hashes.get(0))).isTrue();
        assertThat(hashes.subList(1, 3)).containsExactly(supplied, null);
    }

    @Test
    void a_clear_pin_the_user_has_gives_back_the_stored_hash_and_another_a_new_one() throws InterruptedException {
        String stored = pins.hash("1234");
        credentials.apply(new CredentialsRecorded("dan", stored));
        credentials.apply(new CredentialsRecorded("eve", stored));

        List<String> hashes = hashing.hashes(List.of(row("dan", "1234", null), row("eve", "5678", null)));

        assertThat(hashes.get(0)).isEqualTo(stored);
        assertThat(hashes.get(1)).isNotEqualTo(stored).satisfies(hash -> assertThat(pins.matches("5678", hash)).isTrue());
    }

    private static UserRow row(String userId, String clearPin, String suppliedHash) {
        return new UserRow(2, userId, List.of(), false, false, null, clearPin, suppliedHash);
    }

    private static SpokeProperties settings() {
        return new SpokeProperties("cluster-1", "hub-a", null, "t", false, null, null,
                new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 3, Duration.ofMinutes(5),
                        false, "", false, true), null);
    }
}
