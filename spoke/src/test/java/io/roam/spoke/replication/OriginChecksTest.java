package io.roam.spoke.replication;

import io.roam.events.Envelope;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import io.roam.spoke.SpokeCalls;
import io.roam.spoke.directory.RoamingDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.roam.spoke.replication.ForeignFacts.envelope;
import static io.roam.spoke.replication.ForeignFacts.position;
import static io.roam.spoke.replication.ForeignFacts.provisioned;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * cluster-1 applies what other clusters state, through the applier's way in for the full sync
 * (the topic's way in runs the same checks). A payload that is not its origin's to state is
 * dead-lettered and changes nothing; its sequence number is taken, so the origin's stream goes on.
 * Each test speaks for origins of its own, since they share one store.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1",
        "roam.spoke.hub-id=hub-a",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
class OriginChecksTest {

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    /** No broker: the test thread is the applier's only caller, as the consumer's thread would be. */
    @MockitoBean
    InboundConsumer consumer;
    @Autowired
    InboundApplier applier;
    @Autowired
    RoamingDirectory directory;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_login_stated_for_another_cluster_is_dead_lettered_and_the_origins_next_event_still_applies() {
        applier.applyRestored(List.of(
                envelope("cluster-2", 1, new UserLoggedIn("login-f1", "frank", "cluster-3", "SEP1", 10L)),
                envelope("cluster-2", 2, provisioned("gina", "cluster-2", "2000002", 20L))));

        assertThat(directory.clustersWithLiveLogins("frank")).isEmpty();
        assertThat(deadLetterReasons()).contains("UserLoggedIn with cluster cluster-3 from origin cluster-2");
        assertThat(directory.user("gina")).hasValueSatisfying(u -> assertThat(u.homeCluster()).isEqualTo("cluster-2"));
        assertThat(position(jdbc, "cluster-2")).isEqualTo(2);
    }

    @Test
    void another_homes_user_can_be_neither_redefined_nor_removed() {
        applier.applyRestored(List.of(envelope("cluster-4", 1, provisioned("hana", "cluster-4", "2000004", 20L))));

        applier.applyRestored(List.of(
                envelope("cluster-5", 1, provisioned("hana", "cluster-4", "2000005", 30L)),
                envelope("cluster-5", 2, new UserRemoved("hana", "cluster-4", 31L))));

        assertThat(directory.user("hana")).hasValueSatisfying(u -> {
            assertThat(u.dns()).containsExactly("2000004");
            assertThat(u.removed()).isFalse();
        });
        assertThat(directory.lookup("2000005")).isEmpty();
        assertThat(deadLetterReasons()).contains("UserProvisioned with homeCluster cluster-4 from origin cluster-5",
                "UserRemoved with homeCluster cluster-4 from origin cluster-5");
        assertThat(position(jdbc, "cluster-5")).isEqualTo(2);
    }

    @Test
    void a_forged_record_waiting_behind_a_gap_takes_its_turn_and_is_then_dead_lettered() {
        applier.applyRestored(List.of(
                envelope("cluster-6", 2, new UserLoggedIn("login-i1", "ivan", "cluster-7", "SEP2", 11L)),
                envelope("cluster-6", 1, provisioned("ivan", "cluster-6", "2000006", 10L)),
                envelope("cluster-6", 3, new UserLoggedIn("login-i2", "ivan", "cluster-6", "SEP3", 12L))));

        assertThat(directory.clustersWithLiveLogins("ivan")).containsExactly("cluster-6");
        assertThat(deadLetterReasons()).contains("UserLoggedIn with cluster cluster-7 from origin cluster-6");
        assertThat(position(jdbc, "cluster-6")).isEqualTo(3);
    }

    @Test
    void a_replay_of_the_dead_letters_leaves_a_forged_record_where_it_is() {
        applier.applyRestored(List.of(envelope("cluster-8", 1, new UserLoggedIn("login-j1", "jane", "cluster-9", "SEP4", 13L))));
        long deadLetters = applier.deadLettered();

        CompletableFuture<Integer> replay = applier.replay();
        applier.serveReplayRequests();

        assertThat(replay).isCompletedWithValue(0);
        assertThat(applier.deadLettered()).isEqualTo(deadLetters);
        assertThat(deadLetterReasons()).contains("UserLoggedIn with cluster cluster-9 from origin cluster-8");
        assertThat(directory.clustersWithLiveLogins("jane")).isEmpty();
    }

    @Test
    void restored_own_history_is_checked_too() {
        Envelope forged = envelope("cluster-1", 1, new UserLoggedIn("login-k1", "kurt", "cluster-2", "SEP5", 14L));

        applier.applyOwnHistory(List.of(forged), () -> { });

        assertThat(directory.clustersWithLiveLogins("kurt")).isEmpty();
        assertThat(deadLetterReasons()).contains("UserLoggedIn with cluster cluster-2 from origin cluster-1");
    }



    private List<String> deadLetterReasons() {
        return jdbc.queryForList("SELECT reason FROM dead_letter ORDER BY id", String.class);
    }

}
