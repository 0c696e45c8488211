package io.roam.spoke.directory;

import io.roam.events.ClusterAnnounced;
import io.roam.events.DevicePool;
import io.roam.events.EmccLoginRefused;
import io.roam.events.EmccSettings;
import io.roam.events.Geolocation;
import io.roam.events.LoginMode;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of docs/design.md, What must hold, one at a time, as the directory of cluster-3 sees them. */
class RoamingDirectoryTest {

    private final RoamingDirectory cluster3 = new RoamingDirectory("cluster-3");
    private final RoamingDirectory cluster1 = new RoamingDirectory("cluster-1");

    private static UserProvisioned bob(long hlc, String... dns) {
        return new UserProvisioned("bob", "cluster-1", List.of(dns), true, null, "hash", hlc);
    }

    private static UserLoggedIn login(String id, String cluster, long hlc) {
        return new UserLoggedIn(id, "bob", cluster, "SEP-" + id, hlc);
    }

    private static UserLoggedOut logout(String id, String cluster, LogoutReason reason, long hlc) {
        return new UserLoggedOut(id, "bob", cluster, "SEP-" + id, reason, null, hlc);
    }

    private void applyEverywhere(Object... events) {
        for (Object e : events) {
            cluster3.apply(e);
            cluster1.apply(e);
        }
    }

    @Test
    void a_dn_whose_user_is_not_logged_in_routes_home() {
        cluster3.apply(bob(1, "1000001"));

        DnEntry entry = cluster3.lookup("1000001").orElseThrow();

        assertThat(entry.state()).isEqualTo(DnState.NOT_LOGGED_IN);
        assertThat(entry.target()).isEqualTo("cluster-1");
    }

    @Test
    void an_unknown_dn_is_not_in_the_directory() {
        assertThat(cluster3.lookup("9999999")).isEmpty();
    }

    @Test
    void a_dn_routes_to_the_cluster_of_its_users_live_logins() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-2", 10));

        DnEntry entry = cluster3.lookup("1000001").orElseThrow();

        assertThat(entry.state()).isEqualTo(DnState.LOGGED_IN);
        assertThat(entry.cluster()).isEqualTo("cluster-2");
        assertThat(entry.devices()).containsExactly("SEP-l1");
    }

    @Test
    void rule_1_a_newer_login_at_another_cluster_supersedes_and_the_older_one_is_pending_until_ended() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-1", 10));
        cluster3.apply(login("l2", "cluster-2", 20));

        DnEntry entry = cluster3.lookup("1000001").orElseThrow();
        assertThat(entry.cluster()).isEqualTo("cluster-2");
        assertThat(entry.pendingLogouts()).extracting(PendingLogout::loginId, PendingLogout::cluster, PendingLogout::supersededBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("l1", "cluster-1", "l2"));

        cluster3.apply(new UserLoggedOut("l1", "bob", "cluster-1", "SEP-l1", LogoutReason.SUPERSEDED, "l2", 30));
        assertThat(cluster3.lookup("1000001").orElseThrow().pendingLogouts()).isEmpty();
        assertThat(cluster3.pendingLogoutCount()).isZero();
    }

    @Test
    void rule_1_a_superseded_login_never_comes_back_even_when_the_newer_one_ends() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-1", 10));
        cluster3.apply(login("l2", "cluster-2", 20));
        cluster3.apply(logout("l2", "cluster-2", LogoutReason.USER, 30));

        DnEntry entry = cluster3.lookup("1000001").orElseThrow();

        assertThat(entry.state()).isEqualTo(DnState.NOT_LOGGED_IN);
        assertThat(entry.target()).isEqualTo("cluster-1");
        assertThat(entry.pendingLogouts()).extracting(PendingLogout::loginId).containsExactly("l1");
    }

    @Test
    void rule_1_equal_clocks_are_ordered_by_cluster_id_the_same_everywhere() {
        applyEverywhere(bob(1, "1000001"), login("l1", "cluster-1", 10));
        cluster3.apply(login("l2", "cluster-2", 10));
        cluster1.apply(login("l2", "cluster-2", 10));

        assertThat(cluster3.lookup("1000001").orElseThrow().cluster()).isEqualTo("cluster-2");
        assertThat(cluster1.lookup("1000001").orElseThrow().cluster()).isEqualTo("cluster-2");
    }

    @Test
    void rule_2_only_the_cluster_that_holds_a_superseded_login_owes_its_logout() {
        applyEverywhere(bob(1, "1000001"), login("l1", "cluster-1", 10));

        List<OwedLogout> owedAt1 = cluster1.apply(login("l2", "cluster-2", 20));
        List<OwedLogout> owedAt3 = cluster3.apply(login("l2", "cluster-2", 20));

        assertThat(owedAt1).containsExactly(new OwedLogout("SEP-l1", "l1", "bob", LogoutReason.SUPERSEDED, "l2"));
        assertThat(owedAt3).isEmpty();
        assertThat(cluster1.owedByLocalCluster()).hasSize(1);
    }

    @Test
    void rule_2_a_user_logout_racing_the_newer_login_also_clears_the_pending_entry() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-1", 10));
        cluster3.apply(logout("l1", "cluster-1", LogoutReason.USER, 21));
        cluster3.apply(login("l2", "cluster-2", 20));

        assertThat(cluster3.pendingLogoutCount()).isZero();
        assertThat(cluster3.lookup("1000001").orElseThrow().cluster()).isEqualTo("cluster-2");
    }

    @Test
    void rule_3_several_live_logins_in_one_cluster_are_allowed() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-2", 10));
        cluster3.apply(login("l2", "cluster-2", 20));

        assertThat(cluster3.lookup("1000001").orElseThrow().devices()).containsExactly("SEP-l1", "SEP-l2");
        assertThat(cluster3.liveLoginsAt("bob", "cluster-2")).hasSize(2);
        assertThat(cluster3.pendingLogoutCount()).isZero();
    }

    @Test
    void a_late_or_duplicated_logout_never_removes_a_newer_login() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-2", 10));
        cluster3.apply(logout("l1", "cluster-2", LogoutReason.USER, 11));
        cluster3.apply(login("l2", "cluster-2", 20));
        cluster3.apply(logout("l1", "cluster-2", LogoutReason.USER, 11));

        assertThat(cluster3.lookup("1000001").orElseThrow().devices()).containsExactly("SEP-l2");
    }

    @Test
    void a_login_event_arriving_after_its_logout_stays_ended() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(logout("l1", "cluster-2", LogoutReason.USER, 11));
        cluster3.apply(login("l1", "cluster-2", 10));

        assertThat(cluster3.lookup("1000001").orElseThrow().state()).isEqualTo(DnState.NOT_LOGGED_IN);
    }

    @Test
    void rule_5_a_dn_moved_to_another_user_resolves_last_writer_wins_in_any_order() {
        UserProvisioned bobHasIt = bob(1, "1000001", "1000009");
        UserProvisioned bobGivesItUp = bob(3, "1000001");
        UserProvisioned carolTakesIt = new UserProvisioned("carol", "cluster-1", List.of("1000009"), false, null, null, 2);

        cluster3.apply(bobHasIt);
        cluster3.apply(bobGivesItUp);
        cluster3.apply(carolTakesIt);
        cluster1.apply(carolTakesIt);
        cluster1.apply(bobGivesItUp);
        cluster1.apply(bobHasIt);

        assertThat(cluster3.lookup("1000009").orElseThrow().userId()).isEqualTo("carol");
        assertThat(cluster1.lookup("1000009").orElseThrow().userId()).isEqualTo("carol");
        assertThat(cluster3.mapDigest()).isEqualTo(cluster1.mapDigest());
    }

    @Test
    void rule_5_a_deleted_user_leaves_no_dn_behind_and_its_logins_are_owed_an_admin_logout() {
        applyEverywhere(bob(1, "1000001"), login("l1", "cluster-1", 10));

        List<OwedLogout> owed = cluster1.apply(new UserRemoved("bob", "cluster-1", 20));
        cluster3.apply(new UserRemoved("bob", "cluster-1", 20));

        assertThat(cluster1.lookup("1000001")).isEmpty();
        assertThat(cluster3.lookup("1000001")).isEmpty();
        assertThat(cluster3.user("bob").orElseThrow().removed()).isTrue();
        assertThat(owed).extracting(OwedLogout::reason).containsExactly(LogoutReason.ADMIN);
    }

    @Test
    void rule_5_an_older_definition_arriving_late_does_not_overwrite_a_newer_one() {
        cluster3.apply(bob(5, "1000002"));
        cluster3.apply(bob(1, "1000001"));

        assertThat(cluster3.user("bob").orElseThrow().dns()).containsExactly("1000002");
        assertThat(cluster3.lookup("1000001")).isEmpty();
    }

    @Test
    void loginType_dn_and_sp_find_users_by_primary_extension_and_self_service_id() {
        cluster3.apply(new UserProvisioned("bob", "cluster-1", List.of("1000001", "1000002"), true, "5001", "h", 1));
        cluster3.apply(new UserProvisioned("eve", "cluster-1", List.of("1000001"), true, null, "h", 1));

        assertThat(cluster3.usersWithSelfServiceId("5001")).containsExactly("bob");
        assertThat(cluster3.usersWithPrimaryDn("1000001")).containsExactlyInAnyOrder("bob", "eve");
        assertThat(cluster3.usersWithPrimaryDn("1000002")).isEmpty();
    }

    @Test
    void a_primary_extension_follows_the_users_newest_dns_through_logins_and_removal() {
        cluster3.apply(bob(1, "1000001"));
        assertThat(cluster3.usersWithPrimaryDn("1000001")).containsExactly("bob");

        cluster3.apply(bob(2, "1000002", "1000001"));
        assertThat(cluster3.usersWithPrimaryDn("1000001")).isEmpty();
        assertThat(cluster3.usersWithPrimaryDn("1000002")).containsExactly("bob");
        assertThat(cluster3.lookup("1000001").orElseThrow().userId()).isEqualTo("bob");

        cluster3.apply(login("l1", "cluster-2", 3));
        cluster3.apply(bob(4, "1000001"));
        assertThat(cluster3.usersWithPrimaryDn("1000001")).containsExactly("bob");
        assertThat(cluster3.usersWithPrimaryDn("1000002")).isEmpty();
        assertThat(cluster3.lookup("1000001").orElseThrow().target()).isEqualTo("cluster-2");
        assertThat(cluster3.lookup("1000002")).isEmpty();

        cluster3.apply(new UserRemoved("bob", "cluster-1", 5));
        assertThat(cluster3.usersWithPrimaryDn("1000001")).isEmpty();
        assertThat(cluster3.lookup("1000001")).isEmpty();
        assertThat(cluster3.size()).isZero();
    }

    @Test
    void route_strings_follow_the_newest_announcement() {
        cluster3.apply(new ClusterAnnounced("cluster-2", "hub-a", "sip:new@10.0.0.2", 9));
        cluster3.apply(new ClusterAnnounced("cluster-2", "hub-a", "sip:old@10.0.0.2", 5));

        assertThat(cluster3.cluster("cluster-2").orElseThrow().routeString()).isEqualTo("sip:new@10.0.0.2");
    }

    @Test
    void equal_digests_mean_equal_routing_and_a_change_changes_the_digest() {
        applyEverywhere(bob(1, "1000001"), login("l1", "cluster-1", 10));
        assertThat(cluster1.mapDigest()).isEqualTo(cluster3.mapDigest());

        cluster3.apply(login("l2", "cluster-2", 20));

        assertThat(cluster1.mapDigest()).isNotEqualTo(cluster3.mapDigest());
    }

    @Test
    void rule_8_a_retired_cluster_s_logins_end_everywhere_at_once() {
        cluster3.apply(new ClusterAnnounced("cluster-4", "hub-b", "sip:c4", 1));
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-1", 10));
        cluster3.apply(login("l2", "cluster-4", 20));
        assertThat(cluster3.pendingLogoutCount()).isEqualTo(1);

        cluster3.apply(new io.roam.events.ClusterRetired("cluster-4", "cluster-3", 30));

        DnEntry entry = cluster3.lookup("1000001").orElseThrow();
        assertThat(entry.state()).isEqualTo(DnState.NOT_LOGGED_IN);
        assertThat(entry.target()).isEqualTo("cluster-1");
        assertThat(entry.pendingLogouts()).extracting(PendingLogout::loginId).containsExactly("l1");
        assertThat(cluster3.isRetired("cluster-4")).isTrue();
    }

    @Test
    void rule_4_leaving_the_superuser_group_does_not_end_a_running_roaming_session() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-2", 10));

        cluster3.apply(new UserProvisioned("bob", "cluster-1", List.of("1000001"), false, null, null, 20));

        assertThat(cluster3.user("bob").orElseThrow().superuser()).isFalse();
        assertThat(cluster3.lookup("1000001").orElseThrow().cluster()).isEqualTo("cluster-2");
        assertThat(cluster3.owedByLocalCluster()).isEmpty();
    }

    @Test
    void every_change_of_cluster_is_kept_as_a_roaming_move_newest_first() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(login("l1", "cluster-1", 10));
        cluster3.apply(login("l2", "cluster-2", 20));
        cluster3.apply(login("l3", "cluster-2", 30));

        assertThat(cluster3.recentMoves()).extracting(RoamingMove::userId, RoamingMove::from, RoamingMove::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "cluster-1", "cluster-2"),
                        org.assertj.core.groups.Tuple.tuple("bob", null, "cluster-1"));
    }

    private static UserLoggedIn emccLogin(String id, String visiting, long hlc, String pool) {
        return new UserLoggedIn(id, "bob", visiting, "SEP-" + id, hlc, LoginMode.EMCC, "cluster-1", pool);
    }

    private static ClusterAnnounced announced(String cluster, String emergencyRoute, DevicePool... pools) {
        return new ClusterAnnounced(cluster, "hub-a", "sip:" + cluster + "@127.0.0.1", 1, EmccSettings.NONE,
                emergencyRoute, List.of(pools));
    }

    @Test
    void rule_10_an_emcc_login_routes_calls_home_while_the_directory_records_where_the_phone_is() {
        DevicePool paris = new DevicePool("paris", new Geolocation("FR", null, "Paris", null, null, null), "sip:gw-paris@10.0.0.1");
        applyEverywhere(bob(1, "1000001"), announced("cluster-1", "sip:gw-1@10.0.0.1", paris),
                announced("cluster-3", "sip:gw-3@10.0.0.3"), emccLogin("l1", "cluster-3", 10, "paris"));

        DnEntry entry = cluster1.lookup("1000001").orElseThrow();

        assertThat(entry.state()).isEqualTo(DnState.LOGGED_IN);
        assertThat(entry.target()).as("where the phone registers").isEqualTo("cluster-1");
        assertThat(entry.cluster()).as("where the phone is").isEqualTo("cluster-3");
        assertThat(entry.mode()).isEqualTo(LoginMode.EMCC);
        assertThat(EmergencyRoute.of(entry, cluster1)).as("the home's roaming device pool").contains("sip:gw-paris@10.0.0.1");
        assertThat(cluster1.mapDigest()).isEqualTo(cluster3.mapDigest());
    }

    @Test
    void rule_10_without_a_matching_pool_emergency_calls_leave_where_the_phone_is_and_at_home_while_logged_out() {
        applyEverywhere(bob(1, "1000001"), announced("cluster-1", "sip:gw-1@10.0.0.1"),
                announced("cluster-3", "sip:gw-3@10.0.0.3"));
        assertThat(EmergencyRoute.of(cluster3.lookup("1000001").orElseThrow(), cluster3)).contains("sip:gw-1@10.0.0.1");

        applyEverywhere(emccLogin("l1", "cluster-3", 10, null));

        assertThat(EmergencyRoute.of(cluster3.lookup("1000001").orElseThrow(), cluster3)).contains("sip:gw-3@10.0.0.3");
    }

    @Test
    void rule_10_one_cluster_at_a_time_across_modes_and_the_superseded_login_is_owed_by_its_own_cluster() {
        applyEverywhere(bob(1, "1000001"), login("l1", "cluster-2", 10), emccLogin("l2", "cluster-3", 20, null));

        DnEntry afterEmcc = cluster1.lookup("1000001").orElseThrow();
        assertThat(afterEmcc.cluster()).isEqualTo("cluster-3");
        assertThat(afterEmcc.target()).isEqualTo("cluster-1");
        assertThat(afterEmcc.pendingLogouts()).extracting(PendingLogout::loginId).containsExactly("l1");

        List<OwedLogout> owedByCluster3 = cluster3.apply(login("l3", "cluster-1", 30));
        assertThat(owedByCluster3).extracting(OwedLogout::loginId).containsExactly("l2");
        DnEntry afterRoaming = cluster3.lookup("1000001").orElseThrow();
        assertThat(afterRoaming.mode()).isEqualTo(LoginMode.ROAMING);
        assertThat(afterRoaming.target()).isEqualTo("cluster-1");
        assertThat(afterRoaming.cluster()).isEqualTo("cluster-1");
    }

    @Test
    void rule_10_a_change_of_a_pools_emergency_route_changes_the_answer_of_the_dns_it_serves() {
        DevicePool paris = new DevicePool("paris", Geolocation.NONE, "sip:gw-paris@10.0.0.1");
        applyEverywhere(bob(1, "1000001"), announced("cluster-1", "sip:gw-1@10.0.0.1", paris),
                emccLogin("l1", "cluster-3", 10, "paris"));
        List<String> changed = new java.util.ArrayList<>();

        cluster3.apply(new ClusterAnnounced("cluster-1", "hub-a", "sip:cluster-1@127.0.0.1", 2, EmccSettings.NONE,
                "sip:gw-1@10.0.0.1", List.of(new DevicePool("paris", Geolocation.NONE, "sip:gw-paris-2@10.0.0.1"))), changed);

        assertThat(changed).contains("1000001");
        assertThat(EmergencyRoute.of(cluster3.lookup("1000001").orElseThrow(), cluster3)).contains("sip:gw-paris-2@10.0.0.1");
    }

    private static EmccLoginRefused refusal(String loginId, String by) {
        return new EmccLoginRefused(loginId, "bob", by, "cluster-3", "SEP-" + loginId, 37, 9);
    }

    @Test
    void the_visiting_cluster_owes_the_end_of_a_login_its_home_refused_37() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(emccLogin("login-7", "cluster-3", 2, null));

        List<OwedLogout> owed = cluster3.apply(refusal("login-7", "cluster-1"));

        OwedLogout refused = new OwedLogout("SEP-login-7", "login-7", "bob", LogoutReason.REFUSED, null);
        assertThat(owed).containsExactly(refused);
        assertThat(cluster3.owedByLocalCluster()).containsExactly(refused);
        cluster3.apply(logout("login-7", "cluster-3", LogoutReason.REFUSED, 10));
        assertThat(cluster3.owedByLocalCluster()).isEmpty();
        assertThat(cluster3.owedByLocalClusterCount()).isZero();
    }

    @Test
    void only_the_home_the_phone_registered_at_may_refuse_and_only_an_open_login() {
        cluster3.apply(bob(1, "1000001"));
        cluster3.apply(emccLogin("login-7", "cluster-3", 2, null));
        cluster3.apply(emccLogin("login-8", "cluster-3", 3, null));
        cluster3.apply(logout("login-8", "cluster-3", LogoutReason.USER, 4));

        assertThat(cluster3.apply(refusal("login-7", "cluster-2"))).isEmpty();
        assertThat(cluster3.apply(refusal("login-8", "cluster-1"))).isEmpty();
        assertThat(cluster3.owedByLocalCluster()).isEmpty();
    }
}
