package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.RunningTopology;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/design.md, rules 1, 2 and 5, across real processes: two clusters accept the same superuser at the
 * same moment and every cluster settles on the same one; a DN or user id owned by another
 * cluster cannot be taken (1001).
 */
@ExtendWith(SharedTopology.class)
class ConcurrentRoamingIT {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Test
    void simultaneous_logins_at_two_clusters_resolve_to_one_cluster_everywhere(RunningTopology topology) {
        SpokeClient home = topology.spoke("cluster-2");
        SpokeClient east = topology.spoke("cluster-1");
        SpokeClient west = topology.spoke("cluster-4");
        home.provisionUser("rita", "1357", List.of("2000077"), true).requireOk("provision rita");
        east.configureDevice("SEPRACE00000001", true).requireOk("device at cluster-1");
        west.configureDevice("SEPRACE00000004", true).requireOk("device at cluster-4");
        await().atMost(SETTLE).until(() -> topology.clusterIds().stream()
                .allMatch(c -> topology.spoke(c).dn("2000077").isOk()));

        CompletableFuture<ApiResponse> atEast = CompletableFuture.supplyAsync(() -> east.login("SEPRACE00000001", "rita", "1357"));
        CompletableFuture<ApiResponse> atWest = CompletableFuture.supplyAsync(() -> west.login("SEPRACE00000004", "rita", "1357"));
        ApiResponse eastLogin = atEast.join();
        ApiResponse westLogin = atWest.join();
        assertThat(eastLogin.status()).as("%s", eastLogin).isEqualTo(200);
        assertThat(westLogin.status()).as("%s", westLogin).isEqualTo(200);

        String winner = rank(eastLogin) > rank(westLogin) ? "cluster-1" : "cluster-4";
        String loserDevice = winner.equals("cluster-1") ? "SEPRACE00000004" : "SEPRACE00000001";
        SpokeClient loser = winner.equals("cluster-1") ? west : east;
        await().atMost(SETTLE).untilAsserted(() -> {
            for (String cluster : topology.clusterIds()) {
                ApiResponse dn = topology.spoke(cluster).dn("2000077");
                assertThat(dn.text("cluster")).as("%s sees %s", cluster, dn).isEqualTo(winner);
                assertThat(dn.body().path("pendingLogouts").size()).as("%s pending", cluster).isZero();
            }
            assertThat(loser.device(loserDevice).body().path("userId").isNull()).as("loser's phone").isTrue();
        });
    }

    @Test
    void a_user_or_dn_owned_by_another_cluster_cannot_be_defined_here_1001(RunningTopology topology) {
        topology.spoke("cluster-3").provisionUser("sam", "1111", List.of("3000088"), true).requireOk("provision sam");
        await().atMost(SETTLE).until(() -> topology.spoke("cluster-1").dn("3000088").isOk());

        ApiResponse sameUser = topology.spoke("cluster-1").provisionUser("sam", "1111", List.of("1000088"), true);
        ApiResponse sameDn = topology.spoke("cluster-1").provisionUser("tom", "1111", List.of("3000088"), true);

        assertThat(sameUser.status()).as("%s", sameUser).isEqualTo(409);
        assertThat(sameUser.errorCode()).hasValue(1001);
        assertThat(sameDn.status()).as("%s", sameDn).isEqualTo(409);
        assertThat(sameDn.errorCode()).hasValue(1001);
    }

    /** The hybrid logical clock of the login; on a tie cluster-4 outranks cluster-1 by its id. */
    private static long rank(ApiResponse login) {
        return login.body().path("hlc").asLong();
    }
}
