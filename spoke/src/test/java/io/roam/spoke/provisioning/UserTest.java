package io.roam.spoke.provisioning;

import io.roam.events.EmccLoginRefused;
import io.roam.events.HybridLogicalClock;
import io.roam.events.NetworkKeys;
import io.roam.events.UnopenablePin;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.credentials.CredentialsRecorded;
import io.roam.spoke.api.EmError;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.roam.spoke.EmErrors.refusedWith;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

class UserTest {

    private static final long WALL = 1_700_000_000_000L;
    private static final long T0 = HybridLogicalClock.pack(WALL, 0);

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(new LocalCluster("cluster-1", "hub-a"));
        fixture.registerInjectableResource(new HybridLogicalClock(() -> WALL));
    }

    private void withoutNetworkKey() {
        fixture.registerInjectableResource(NetworkKeys.none());
    }

    @Test
    void with_a_network_key_a_superusers_pin_hash_travels_sealed_and_only_sealed() {
        NetworkKeys keys = new NetworkKeys(Map.of("k1", new byte[NetworkKeys.KEY_BYTES]), "k1");
        fixture.registerInjectableResource(keys);

        fixture.givenNoPriorActivity()
                .when(new ProvisionUser("bob", List.of("1000001"), true, false, "5001", "hash-1"))
                .expectEventsMatching(payloadsMatching(Matchers.<Object>exactSequenceOf(
                        predicate(event -> event instanceof UserProvisioned e && e.pinHash() == null
                                && e.sealedPin().keyId().equals("k1") && opens(keys, e, "hash-1")),
                        predicate(new CredentialsRecorded("bob", "hash-1")::equals),
                        andNoMore())));
    }

    @Test
    void with_a_network_key_a_plain_users_definition_carries_no_credentials_at_all() {
        fixture.registerInjectableResource(new NetworkKeys(Map.of("k1", new byte[NetworkKeys.KEY_BYTES]), "k1"));

        fixture.givenNoPriorActivity()
                .when(new ProvisionUser("carol", List.of("1000003"), false, false, null, "hash-2"))
                .expectEvents(new UserProvisioned("carol", "cluster-1", List.of("1000003"), false, null, null, T0),
                        new CredentialsRecorded("carol", "hash-2"));
    }

    private static boolean opens(NetworkKeys keys, UserProvisioned event, String hash) {
        try {
            return keys.open(event.userId(), event.sealedPin()).equals(hash);
        } catch (UnopenablePin e) {
            return false;
        }
    }

    @Test
    void without_a_network_key_a_superusers_pin_hash_travels_readable_as_before() {
        withoutNetworkKey();
        fixture.givenNoPriorActivity()
                .when(new ProvisionUser("bob", List.of("1000001"), true, false, "5001", "hash-1"))
                .expectEvents(new UserProvisioned("bob", "cluster-1", List.of("1000001"), true, "5001", "hash-1", T0),
                        new CredentialsRecorded("bob", "hash-1"));
    }

    @Test
    void a_plain_users_pin_hash_never_leaves_home() {
        withoutNetworkKey();
        fixture.givenNoPriorActivity()
                .when(new ProvisionUser("carol", List.of("1000003"), false, false, null, "hash-2"))
                .expectEvents(new UserProvisioned("carol", "cluster-1", List.of("1000003"), false, null, null, T0),
                        new CredentialsRecorded("carol", "hash-2"));
    }

    @Test
    void a_redefinition_without_a_pin_keeps_the_pin() {
        withoutNetworkKey();
        fixture.given(new UserProvisioned("bob", "cluster-1", List.of("1000001"), true, null, "hash-1", 1),
                        new CredentialsRecorded("bob", "hash-1"))
                .when(new ProvisionUser("bob", List.of("1000001", "1000002"), true, false, null, null))
                .expectEvents(new UserProvisioned("bob", "cluster-1", List.of("1000001", "1000002"), true, null,
                        "hash-1", T0));
    }

    @Test
    void a_new_user_needs_a_pin_202() {
        withoutNetworkKey();
        fixture.givenNoPriorActivity()
                .when(new ProvisionUser("bob", List.of("1000001"), true, false, null, null))
                .expectException(refusedWith(EmError.BLANK_USERID_OR_PIN))
                .expectNoEvents();
    }

    @Test
    void deleting_a_user_leaves_a_tombstone() {
        withoutNetworkKey();
        fixture.given(new UserProvisioned("bob", "cluster-1", List.of("1000001"), true, null, "hash-1", 1))
                .when(new RemoveUser("bob"))
                .expectEvents(new UserRemoved("bob", "cluster-1", T0));
    }

    @Test
    void a_deleted_user_cannot_be_deleted_again_23() {
        withoutNetworkKey();
        fixture.given(new UserProvisioned("bob", "cluster-1", List.of("1000001"), true, null, "hash-1", 1),
                        new UserRemoved("bob", "cluster-1", 2))
                .when(new RemoveUser("bob"))
                .expectException(refusedWith(EmError.USER_DOES_NOT_EXIST));
    }

    @Test
    void as_home_it_refuses_an_emcc_login_elsewhere_in_its_users_name_37() {
        withoutNetworkKey();
        fixture.given(new UserProvisioned("emma", "cluster-1", List.of("1000101"), false, true, null, "hash-1", null, 1))
                .when(new RefuseEmccLogin("emma", "login-7", "cluster-3", "SEP000000000001", EmError.DUPLICATE_DEVICE_NAME))
                .expectEvents(new EmccLoginRefused("login-7", "emma", "cluster-1", "cluster-3", "SEP000000000001", 37, T0));
    }

    @Test
    void a_deleted_users_logins_end_anyway_and_need_no_refusal() {
        withoutNetworkKey();
        fixture.given(new UserProvisioned("emma", "cluster-1", List.of("1000101"), false, true, null, "hash-1", null, 1),
                        new UserRemoved("emma", "cluster-1", 2))
                .when(new RefuseEmccLogin("emma", "login-7", "cluster-3", "SEP000000000001", EmError.DUPLICATE_DEVICE_NAME))
                .expectNoEvents();
    }
}
