package io.roam.spoke.login;

import io.roam.events.EmccLoginRefused;
import io.roam.events.Geolocation;
import io.roam.events.LoginMode;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.provisioning.RefuseEmccLogin;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Error 37 is the home's to find: cluster-1 refuses an EMCC login recorded at cluster-3 on a phone
 * that bears the name of one of its own (cluster-3's directory then owes the login's end), and the
 * phone shows the refusal.
 */
class EmccRefusalsTest {

    private static final String TWIN = "SEP000000000001";
    private static final Duration SETTLED = Duration.ofMillis(300);

    private final List<Object> sent = new CopyOnWriteArrayList<>();

    private EmccRefusals at(String cluster, String... devices) {
        LocalCluster local = new LocalCluster(cluster, "hub-a");
        DeviceRegistry registry = new DeviceRegistry(local);
        for (String device : devices) {
            registry.apply(new DeviceConfigured(device, cluster, true, true, Geolocation.NONE, null));
        }
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(RefuseEmccLogin.class.getName(), command -> {
            sent.add(command.getPayload());
            return Optional.of("refused");
        });
        return new EmccRefusals(local, registry, DefaultCommandGateway.builder().commandBus(bus).build());
    }

    private static UserLoggedIn emcc(String loginId, String at, String device) {
        return new UserLoggedIn(loginId, "emma", at, device, 10, LoginMode.EMCC, "cluster-1", "paris");
    }

    private static EmccLoginRefused refusal(String loginId, String by) {
        return new EmccLoginRefused(loginId, "emma", by, "cluster-3", TWIN, 37, 11);
    }

    @Test
    void the_home_refuses_an_emcc_login_from_a_phone_named_like_one_of_its_own_37() {
        EmccRefusals home = at("cluster-1", TWIN);
        home.start();

        home.apply(emcc("login-7", "cluster-3", TWIN));

        await().until(() -> !sent.isEmpty());
        assertThat(sent).containsExactly(
                new RefuseEmccLogin("emma", "login-7", "cluster-3", TWIN, EmError.DUPLICATE_DEVICE_NAME));
    }

    @Test
    void the_home_leaves_alone_roaming_logins_other_names_and_logins_registered_elsewhere() {
        EmccRefusals home = at("cluster-1", TWIN);
        home.start();

        home.apply(new UserLoggedIn("login-1", "emma", "cluster-3", TWIN, 10));
        home.apply(emcc("login-2", "cluster-3", "SEP000000000003"));
        home.apply(new UserLoggedIn("login-3", "emma", "cluster-3", TWIN, 10, LoginMode.EMCC, "cluster-2", null));

        await().during(SETTLED).until(sent::isEmpty);
    }

    @Test
    void what_the_store_replays_is_settled_once_ready_and_only_if_still_owed() {
        EmccRefusals home = at("cluster-1", TWIN);
        home.apply(emcc("login-7", "cluster-3", TWIN));
        home.apply(emcc("login-8", "cluster-3", TWIN));
        home.apply(refusal("login-8", "cluster-1"));
        home.apply(emcc("login-9", "cluster-3", TWIN));
        home.apply(new UserLoggedOut("login-9", "emma", "cluster-3", TWIN, LogoutReason.USER, null, 12));
        await().during(SETTLED).until(sent::isEmpty);

        home.start();

        await().until(() -> !sent.isEmpty());
        assertThat(sent).containsExactly(
                new RefuseEmccLogin("emma", "login-7", "cluster-3", TWIN, EmError.DUPLICATE_DEVICE_NAME));
    }

    @Test
    void the_phone_shows_the_refusal_until_its_next_login() {
        DeviceRegistry registry = new DeviceRegistry(new LocalCluster("cluster-3", "hub-a"));
        registry.apply(new DeviceConfigured(TWIN, "cluster-3", true, true, Geolocation.NONE, null));
        registry.apply(emcc("login-7", "cluster-3", TWIN));

        registry.apply(refusal("login-7", "cluster-1"));
        registry.apply(new UserLoggedOut("login-7", "emma", "cluster-3", TWIN, LogoutReason.REFUSED, null, 12));
        assertThat(registry.device(TWIN).orElseThrow().lastRefusal()).isEqualTo(37);
        assertThat(registry.device(TWIN).orElseThrow().userId()).isNull();

        registry.apply(emcc("login-9", "cluster-3", TWIN));
        assertThat(registry.device(TWIN).orElseThrow().lastRefusal()).isNull();
    }

    @Test
    void a_refusal_that_ends_no_login_shows_nothing_on_the_phone() {
        DeviceRegistry registry = new DeviceRegistry(new LocalCluster("cluster-3", "hub-a"));
        registry.apply(new DeviceConfigured(TWIN, "cluster-3", true, true, Geolocation.NONE, null));
        registry.apply(emcc("login-7", "cluster-3", TWIN));

        registry.apply(refusal("login-7", "cluster-2"));
        assertThat(registry.device(TWIN).orElseThrow().lastRefusal()).isNull();
        registry.apply(new UserLoggedOut("login-7", "emma", "cluster-3", TWIN, LogoutReason.USER, null, 12));
        assertThat(registry.device(TWIN).orElseThrow().lastRefusal()).isNull();
    }
}
