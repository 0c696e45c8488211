package io.roam.spoke.changes;

import io.roam.spoke.SpokeCalls;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /api/v1/directory/changes} as a call router uses it: a snapshot, then every change
 * of a DN's routing answer in order, each with a position to resume from; a position the spoke
 * cannot serve gets a reset and a snapshot, never a silent gap. Eight changes are retained here,
 * so that a router can be left behind on purpose.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
        "roam.spoke.changes.retained=8", "roam.spoke.changes.heartbeat=200ms"})
@AutoConfigureMockMvc
class ChangeFeedHttpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String ROUTE_STRING = "sip:cluster-1.roam.invalid:5060";

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MockMvc http;

    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionManager transactions;

    @Test
    void a_router_gets_the_map_then_every_login_and_logout_in_order() throws Exception {
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.provisionSuperuser("alma", "1234", "3000001");
        spoke.enableDevice("SEP-C1");

        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            assertThat(router.named("snapshot")).extracting(ChangeStreamClient.Event::answer)
                    .contains("3000001->cluster-1/HOME");
            assertThat(router.named("reset")).isEmpty();

            spoke.login("SEP-C1", "alma", "1234").andExpect(status().isOk());
            spoke.logout("SEP-C1").andExpect(status().isOk());

            await().atMost(PATIENCE).until(() -> router.changes().size() >= 2);
            List<ChangeStreamClient.Event> changes = router.changes();
            assertThat(changes).extracting(ChangeStreamClient.Event::answer)
                    .containsExactly("3000001->cluster-1/LOGGED_IN", "3000001->cluster-1/HOME");
            ChangeStreamClient.Event login = changes.get(0);
            assertThat(login.data().path("routeString").asText()).isEqualTo(ROUTE_STRING);
            assertThat(login.data().path("local").asBoolean()).isTrue();
            assertThat(login.data().path("userId").asText()).isEqualTo("alma");
            assertThat(login.id()).isEqualTo(login.data().path("position").asText());
            assertThat(positions(changes)).isSortedAccordingTo(Position::compareTo).doesNotHaveDuplicates();
            Position snapshotAt = Position.parse(router.named("snapshot-end").get(0).id()).orElseThrow();
            assertThat(positions(changes).get(0)).isGreaterThan(snapshotAt);
        }
    }

    @Test
    void a_router_that_reconnects_with_its_last_event_id_misses_nothing_and_gets_nothing_twice() throws Exception {
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.provisionSuperuser("bert", "1234", "3000002");
        spoke.enableDevice("SEP-C2");
        String lastSeen;
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            spoke.login("SEP-C2", "bert", "1234").andExpect(status().isOk());
            await().atMost(PATIENCE).until(() -> router.changes().size() == 1);
            router.close();
            lastSeen = router.lastEventId();
        }

        spoke.logout("SEP-C2").andExpect(status().isOk());
        spoke.login("SEP-C2", "bert", "1234").andExpect(status().isOk());

        try (ChangeStreamClient router = ChangeStreamClient.resume(port, lastSeen)) {
            spoke.logout("SEP-C2").andExpect(status().isOk());
            await().atMost(PATIENCE).until(() -> router.changes().size() >= 3);
            assertThat(router.named("reset")).isEmpty();
            assertThat(router.named("snapshot")).isEmpty();
            assertThat(router.changes()).extracting(ChangeStreamClient.Event::answer).containsExactly(
                    "3000002->cluster-1/HOME", "3000002->cluster-1/LOGGED_IN", "3000002->cluster-1/HOME");
            assertThat(positions(router.changes()).get(0)).isGreaterThan(Position.parse(lastSeen).orElseThrow());
        }

        try (ChangeStreamClient router = ChangeStreamClient.from(port, lastSeen)) {
            await().atMost(PATIENCE).until(() -> router.changes().size() >= 3);
            assertThat(router.changes()).extracting(ChangeStreamClient.Event::answer).containsExactly(
                    "3000002->cluster-1/HOME", "3000002->cluster-1/LOGGED_IN", "3000002->cluster-1/HOME");
        }
    }

    @Test
    void under_concurrent_logins_changes_come_in_position_order_and_the_cache_ends_as_the_directory() throws Exception {
        RealSpokeCalls spoke = new RealSpokeCalls(port);
        int users = 8;
        for (int n = 0; n < users; n++) {
            spoke.provisionSuperuser("pat" + n, dn(n));
            spoke.enableDevice("SEP-P" + n);
        }
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            ExecutorService phones = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < users; n++) {
                int user = n;
                done.add(phones.submit(() -> {
                    spoke.login("SEP-P" + user, "pat" + user);
                    spoke.logout("SEP-P" + user);
                    spoke.login("SEP-P" + user, "pat" + user);
                    return null;
                }));
            }
            for (Future<?> call : done) {
                call.get();
            }
            phones.shutdown();

            await().atMost(PATIENCE).until(() -> IntStream.range(0, users)
                    .allMatch(n -> (dn(n) + "->cluster-1/LOGGED_IN").equals(router.cache().get(dn(n)))));
            assertThat(positions(router.changes())).isSortedAccordingTo(Position::compareTo).doesNotHaveDuplicates();
        }
        for (int n = 0; n < users; n++) {
            spoke.logout("SEP-P" + n);
        }
    }

    @Test
    void a_transaction_rolled_back_after_its_events_were_numbered_leaves_no_hole_and_holds_nothing_back()
            throws Exception {
        RealSpokeCalls spoke = new RealSpokeCalls(port);
        spoke.provisionSuperuser("hana", "3000004");
        spoke.enableDevice("SEP-C4");
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);

            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            unitOfWork.attachTransaction(transactions);
            assertThatThrownBy(() -> unitOfWork.execute(() -> {
                eventStore.publish(GenericEventMessage.asEventMessage(new Probe("rolled back")));
                unitOfWork.onPrepareCommit(u -> {
                    throw new IllegalStateException("the commit failed");
                });
            })).hasMessageContaining("the commit failed");
            spoke.login("SEP-C4", "hana");

            await().atMost(PATIENCE).until(() -> router.changes().size() == 1);
            assertThat(router.changes()).extracting(ChangeStreamClient.Event::answer)
                    .containsExactly("3000004->cluster-1/LOGGED_IN");
            assertThat(router.named("reset")).isEmpty();
            List<Long> numbers = jdbc.queryForList("SELECT change_seq FROM local_order "
                    + "UNION ALL SELECT change_seq FROM foreign_fact ORDER BY 1", Long.class);
            assertThat(numbers).containsExactlyElementsOf(LongStream.rangeClosed(1, numbers.size()).boxed().toList());
        }
        spoke.logout("SEP-C4");
    }

    /** Stored beside the directory's facts and seen by none of them: only its number matters. */
    record Probe(String why) {
    }

    @Test
    void a_position_older_than_what_is_retained_gets_a_reset_and_the_current_map() throws Exception {
        SpokeCalls spoke = new SpokeCalls(http);
        spoke.provisionSuperuser("cleo", "1234", "3000003");
        spoke.enableDevice("SEP-C3");
        String old;
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            router.close();
            old = router.lastEventId();
        }
        for (int i = 0; i < 5; i++) {
            spoke.login("SEP-C3", "cleo", "1234").andExpect(status().isOk());
            spoke.logout("SEP-C3").andExpect(status().isOk());
        }
        spoke.login("SEP-C3", "cleo", "1234").andExpect(status().isOk());

        try (ChangeStreamClient router = ChangeStreamClient.resume(port, old)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            assertThat(router.events().get(0).name()).isEqualTo("reset");
            assertThat(router.events().get(0).data().path("reason").asText()).isEqualTo("EXPIRED");
            assertThat(router.events().get(0).data().path("from").asText()).isEqualTo(old);
            assertThat(router.named("snapshot")).extracting(ChangeStreamClient.Event::answer)
                    .contains("3000003->cluster-1/LOGGED_IN");
            assertThat(router.named("snapshot")).allSatisfy(e -> assertThat(e.id()).isNull());
        }
        spoke.logout("SEP-C3").andExpect(status().isOk());
    }

    @Test
    void a_position_from_another_store_or_beyond_this_one_or_unreadable_gets_a_reset() {
        String ours;
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            ours = router.lastEventId();
        }
        Position position = Position.parse(ours).orElseThrow();
        expectReset(new Position("0ther0store0", position.index(), position.ordinal()).toString(), "OTHER_STORE");
        expectReset(new Position(position.incarnation(), position.index() + 1_000_000, 1).toString(),
                "UNKNOWN_POSITION");
        expectReset("not-a-position", "UNKNOWN_POSITION");
    }

    @Test
    void an_idle_stream_gets_heartbeats() {
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(() -> router.heartbeats() >= 2);
            assertThat(router.status()).isEqualTo(200);
        }
    }

    private void expectReset(String position, String reason) {
        try (ChangeStreamClient router = ChangeStreamClient.from(port, position)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            List<ChangeStreamClient.Event> events = router.events();
            assertThat(events.get(0).name()).isEqualTo("reset");
            assertThat(events.get(0).data().path("reason").asText()).isEqualTo(reason);
            assertThat(events.get(events.size() - 1).name()).isEqualTo("snapshot-end");
        }
    }

    private static String dn(int n) {
        return "30002" + (10 + n);
    }

    private static List<Position> positions(List<ChangeStreamClient.Event> changes) {
        return changes.stream().map(e -> Position.parse(e.id()).orElseThrow()).toList();
    }
}
