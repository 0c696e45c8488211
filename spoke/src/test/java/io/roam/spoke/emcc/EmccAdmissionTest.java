package io.roam.spoke.emcc;

import io.roam.events.ClusterAnnounced;
import io.roam.events.DevicePool;
import io.roam.events.EmccSettings;
import io.roam.events.Geolocation;
import io.roam.events.LoginMode;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserProvisioned;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmException;
import io.roam.spoke.directory.Freshness;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.directory.UserView;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cluster-3 decides logins of cluster-1's users as the EMCC seed says, from what cluster-1 announced. */
class EmccAdmissionTest {

    private static final Geolocation PARIS_PHONE = new Geolocation("FR", "IDF", "Paris", null, "B2", null);
    private static final DevicePool LYON = new DevicePool("lyon", new Geolocation("FR", "ARA", "Lyon", null, null, null), "sip:gw-lyon@10.0.0.2");
    private static final DevicePool FRANCE = new DevicePool("france", new Geolocation("FR", null, null, null, null, null), "sip:gw-fr@10.0.0.3");
    private static final DevicePool PARIS = new DevicePool("paris", new Geolocation("FR", "IDF", "Paris", null, null, null), "sip:gw-paris@10.0.0.1");

    private final RoamingDirectory directory = new RoamingDirectory("cluster-3");
    private final Set<String> down = new HashSet<>();
    private final Freshness freshness = new Freshness() {
        @Override
        public long freshnessMillis(String cluster) {
            return 0;
        }

        @Override
        public boolean isStale(String cluster) {
            return down.contains(cluster);
        }
    };

    private EmccAdmission at(EmccProperties settings) {
        return new EmccAdmission(directory, freshness, settings, new LocalCluster("cluster-3", "hub-b"));
    }

    private static EmccProperties visiting(List<String> remoteClusters, LoginMode preferred, boolean fallback) {
        return new EmccProperties(false, remoteClusters, 10, List.of(), preferred, fallback);
    }

    private static final EmccProperties VISITING = visiting(List.of("cluster-1"), LoginMode.ROAMING, false);

    private void homeAnnounces(boolean allowed, List<String> remoteClusters, int dummies) {
        directory.apply(new ClusterAnnounced("cluster-1", "hub-a", "sip:c1@127.0.0.1", 1,
                new EmccSettings(allowed, remoteClusters, dummies, List.of(Geolocation.Field.COUNTRY, Geolocation.Field.CITY)),
                "sip:gw-1@10.0.0.9", List.of(LYON, FRANCE, PARIS)));
    }

    private UserView user(String id, boolean superuser, boolean emcc) {
        directory.apply(new UserProvisioned(id, "cluster-1", List.of("10000" + id.length()), superuser, emcc, null, "h", null, 1));
        return directory.user(id).orElseThrow();
    }

    private static int code(Runnable login) {
        try {
            login.run();
        } catch (EmException e) {
            return e.error().code();
        }
        throw new AssertionError("admitted");
    }

    @Test
    void an_emcc_login_registers_at_home_with_the_homes_pool_that_best_matches_the_phone() {
        homeAnnounces(true, List.of("cluster-3"), 2);

        EmccAdmission.Decision decision = at(VISITING).decide(user("emma", false, true), null, PARIS_PHONE);

        assertThat(decision.mode()).isEqualTo(LoginMode.EMCC);
        assertThat(decision.registrationCluster()).isEqualTo("cluster-1");
        assertThat(decision.devicePool()).as("two fields of the home's filter match, not one").isEqualTo("paris");
        assertThat(decision.fellBack()).isFalse();
    }

    @Test
    void a_phone_no_pool_matches_gets_none() {
        homeAnnounces(true, List.of("cluster-3"), 2);
        Geolocation berlin = new Geolocation("DE", null, "Berlin", null, null, null);

        assertThat(at(VISITING).decide(user("emma", false, true), LoginMode.EMCC, berlin).devicePool()).isNull();
    }

    @Test
    void the_seeds_codes_in_its_order() {
        UserView plain = user("pat", false, false);
        UserView emcc = user("emma", false, true);
        assertThat(code(() -> at(VISITING).decide(plain, LoginMode.EMCC, PARIS_PHONE))).as("user not enabled").isEqualTo(31);
        assertThat(code(() -> at(VISITING).decide(plain, null, PARIS_PHONE))).as("neither superuser nor EMCC").isEqualTo(23);
        assertThat(code(() -> at(visiting(List.of(), LoginMode.ROAMING, false)).decide(emcc, null, PARIS_PHONE)))
                .as("no remote cluster here").isEqualTo(36);
        assertThat(code(() -> at(VISITING).decide(emcc, null, PARIS_PHONE))).as("home never heard of").isEqualTo(40);

        homeAnnounces(false, List.of("cluster-3"), 2);
        assertThat(code(() -> at(VISITING).decide(emcc, null, PARIS_PHONE))).as("home does not allow EMCC").isEqualTo(38);

        homeAnnounces(true, List.of("cluster-2"), 2);
        assertThat(code(() -> at(VISITING).decide(emcc, null, PARIS_PHONE))).as("home does not know this cluster").isEqualTo(35);
    }

    @Test
    void the_homes_dummy_devices_bound_its_users_emcc_logins_here() {
        homeAnnounces(true, List.of("cluster-3"), 1);
        UserView emma = user("emma", false, true);
        directory.apply(new UserLoggedIn("l1", "emma", "cluster-3", "SEP1", 5, LoginMode.EMCC, "cluster-1", null));

        assertThat(code(() -> at(VISITING).decide(user("ella", false, true), null, PARIS_PHONE))).isEqualTo(33);
        assertThat(emma.emcc()).isTrue();
    }

    @Test
    void while_the_home_is_down_an_emcc_login_fails_with_40_unless_a_superuser_may_fall_back_to_roaming() {
        homeAnnounces(true, List.of("cluster-3"), 2);
        down.add("cluster-1");
        UserView both = user("sam", true, true);

        assertThat(code(() -> at(VISITING).decide(both, LoginMode.EMCC, PARIS_PHONE))).isEqualTo(40);

        EmccAdmission.Decision fellBack = at(visiting(List.of("cluster-1"), LoginMode.ROAMING, true))
                .decide(both, LoginMode.EMCC, PARIS_PHONE);
        assertThat(fellBack.mode()).isEqualTo(LoginMode.ROAMING);
        assertThat(fellBack.fellBack()).isTrue();
        assertThat(code(() -> at(visiting(List.of("cluster-1"), LoginMode.ROAMING, true))
                .decide(user("emma", false, true), LoginMode.EMCC, PARIS_PHONE))).as("not a superuser").isEqualTo(40);
    }

    @Test
    void when_both_modes_apply_the_request_decides_else_the_clusters_preferred_mode() {
        homeAnnounces(true, List.of("cluster-3"), 2);
        UserView both = user("sam", true, true);

        assertThat(at(VISITING).decide(both, null, PARIS_PHONE).mode()).isEqualTo(LoginMode.ROAMING);
        assertThat(at(visiting(List.of("cluster-1"), LoginMode.EMCC, false)).decide(both, null, PARIS_PHONE).mode())
                .isEqualTo(LoginMode.EMCC);
        assertThat(at(VISITING).decide(both, LoginMode.EMCC, PARIS_PHONE).mode()).isEqualTo(LoginMode.EMCC);
        assertThat(at(visiting(List.of("cluster-1"), LoginMode.EMCC, false)).decide(both, LoginMode.ROAMING, PARIS_PHONE)
                .mode()).isEqualTo(LoginMode.ROAMING);
    }

    @Test
    void at_home_a_login_is_local_whatever_was_asked() {
        UserView local = new UserView("hal", "cluster-3", List.of("3000001"), false, true, null, false);

        assertThat(at(VISITING).decide(local, LoginMode.EMCC, PARIS_PHONE).mode()).isEqualTo(LoginMode.ROAMING);
    }
}
