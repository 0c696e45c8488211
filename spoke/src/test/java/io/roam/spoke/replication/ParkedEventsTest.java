package io.roam.spoke.replication;

import io.roam.events.Envelope;
import io.roam.events.EventCodec;
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
import static io.roam.spoke.replication.ForeignFacts.polled;
import static io.roam.spoke.replication.ForeignFacts.position;
import static io.roam.spoke.replication.ForeignFacts.provisioned;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event of a schema newer than this receiver understands is parked, and so is everything its
 * origin states after it, until a replay finds it understood; then the lot is applied in order.
 * Each test speaks for origins of its own, since they share one store.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1",
        "roam.spoke.hub-id=hub-a",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
class ParkedEventsTest {

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
    EventCodec codec;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_event_of_a_newer_schema_is_parked_and_its_origins_later_events_wait_behind_it() {
        long parkedBefore = applier.parked();

        applier.applyRestored(List.of(
                envelope("cluster-2", 1, provisioned("lena", "cluster-2", "2000021")),
                newer(envelope("cluster-2", 2, provisioned("mona", "cluster-2", "2000022")))));
        applier.applyRestored(List.of(envelope("cluster-2", 3, provisioned("nina", "cluster-2", "2000023"))));

        assertThat(directory.user("lena")).isPresent();
        assertThat(directory.user("mona")).isEmpty();
        assertThat(directory.user("nina")).isEmpty();
        assertThat(parkedSequences("cluster-2")).containsExactly(2L, 3L);
        assertThat(applier.parked()).isEqualTo(parkedBefore + 2);
        assertThat(position(jdbc, "cluster-2")).isEqualTo(1);
    }

    @Test
    void a_replay_leaves_parked_what_is_still_not_understood() {
        applier.applyRestored(List.of(newer(envelope("cluster-3", 1, provisioned("olga", "cluster-3", "2000031")))));
        applier.applyRestored(List.of(envelope("cluster-3", 2, provisioned("petra", "cluster-3", "2000032"))));
        long parked = applier.parked();

        CompletableFuture<Integer> replay = applier.replay();
        applier.serveReplayRequests();

        assertThat(replay).isCompletedWithValue(0);
        assertThat(applier.parked()).isEqualTo(parked);
        assertThat(parkedSequences("cluster-3")).containsExactly(1L, 2L);
        assertThat(directory.user("petra")).isEmpty();
    }

    @Test
    void once_understood_a_replay_applies_the_parked_events_in_order_and_the_origin_flows_again() {
        Envelope second = envelope("cluster-4", 2, provisioned("rita", "cluster-4", "2000042"));
        applier.applyRestored(List.of(envelope("cluster-4", 1, provisioned("quinn", "cluster-4", "2000041")), newer(second)));
        applier.applyRestored(List.of(envelope("cluster-4", 3, provisioned("sara", "cluster-4", "2000043"))));
        long parked = applier.parked();
        upgradeParked("cluster-4", 2, second);

        CompletableFuture<Integer> replay = applier.replay();
        applier.serveReplayRequests();
        applier.applyRestored(List.of(envelope("cluster-4", 4, provisioned("tina", "cluster-4", "2000044"))));

        assertThat(replay).isCompletedWithValue(2);
        assertThat(parkedSequences("cluster-4")).isEmpty();
        assertThat(applier.parked()).isEqualTo(parked - 2);
        assertThat(List.of("rita", "sara", "tina")).allSatisfy(user -> assertThat(directory.user(user)).isPresent());
        assertThat(position(jdbc, "cluster-4")).isEqualTo(4);
    }

    @Test
    void later_events_in_the_same_batch_wait_behind_a_parked_event_and_follow_it_once_understood() {
        Envelope second = envelope("cluster-5", 2, provisioned("vera", "cluster-5", "2000052"));
        long nextOffset = inboundOffset() + 3;
        applier.applyPolled(polled(codec, applier.input().topic(), nextOffset - 3,
                envelope("cluster-5", 1, provisioned("uma", "cluster-5", "2000051")),
                newer(second),
                envelope("cluster-5", 3, provisioned("wilma", "cluster-5", "2000053"))));

        assertThat(directory.user("uma")).isPresent();
        assertThat(parkedSequences("cluster-5")).containsExactly(2L, 3L);
        assertThat(inboundOffset()).as("no record held for a gap pins the stored offset").isEqualTo(nextOffset);

        upgradeParked("cluster-5", 2, second);
        CompletableFuture<Integer> replay = applier.replay();
        applier.serveReplayRequests();

        assertThat(replay).isCompletedWithValue(2);
        assertThat(parkedSequences("cluster-5")).isEmpty();
        assertThat(List.of("vera", "wilma")).allSatisfy(user -> assertThat(directory.user(user)).isPresent());
        assertThat(position(jdbc, "cluster-5")).isEqualTo(3);
    }

    @Test
    void events_held_for_a_gap_that_a_parked_event_closes_wait_behind_it() {
        Envelope second = envelope("cluster-6", 2, provisioned("yara", "cluster-6", "2000062"));
        long firstOffset = inboundOffset();
        applier.applyPolled(polled(codec, applier.input().topic(), firstOffset,
                envelope("cluster-6", 1, provisioned("xenia", "cluster-6", "2000061")),
                envelope("cluster-6", 3, provisioned("zoe", "cluster-6", "2000063"))));
        applier.applyPolled(polled(codec, applier.input().topic(), firstOffset + 2, newer(second)));

        assertThat(parkedSequences("cluster-6")).containsExactly(2L, 3L);
        assertThat(inboundOffset()).as("no record held for a gap pins the stored offset").isEqualTo(firstOffset + 3);

        upgradeParked("cluster-6", 2, second);
        CompletableFuture<Integer> replay = applier.replay();
        applier.serveReplayRequests();

        assertThat(replay).isCompletedWithValue(2);
        assertThat(List.of("yara", "zoe")).allSatisfy(user -> assertThat(directory.user(user)).isPresent());
        assertThat(position(jdbc, "cluster-6")).isEqualTo(3);
    }

    @Test
    void a_replay_that_fails_leaves_its_origin_parked_and_a_later_replay_applies_the_lot() {
        Envelope first = newer(envelope("cluster-7", 1, provisioned("alma", "cluster-7", "2000071")));
        applier.applyRestored(List.of(first, envelope("cluster-7", 2, provisioned("bea", "cluster-7", "2000072"))));
        upgradeParked("cluster-7", 1, understood(first));
        // A fact stored under the first event's number already, as in no healthy store: the retry's transaction fails.
        jdbc.update("INSERT INTO foreign_fact (change_seq, origin, seq, envelope) VALUES (?, ?, ?, ?)",
                Long.MAX_VALUE, "cluster-7", 1, codec.encode(understood(first)));

        CompletableFuture<Integer> failed = applier.replay();
        applier.serveReplayRequests();
        applier.applyRestored(List.of(envelope("cluster-7", 3, provisioned("cora", "cluster-7", "2000073"))));

        assertThat(failed).isCompletedExceptionally();
        assertThat(parkedSequences("cluster-7")).containsExactly(1L, 2L, 3L);

        jdbc.update("DELETE FROM foreign_fact WHERE change_seq = ?", Long.MAX_VALUE);
        CompletableFuture<Integer> replay = applier.replay();
        applier.serveReplayRequests();

        assertThat(replay).isCompletedWithValue(3);
        assertThat(List.of("alma", "bea", "cora")).allSatisfy(user -> assertThat(directory.user(user)).isPresent());
        assertThat(position(jdbc, "cluster-7")).isEqualTo(3);
    }



    private static Envelope newer(Envelope e) {
        return new Envelope(e.eventId(), e.origin(), e.sequence(), e.hlc(), e.type(), e.type().schemaVersion() + 1,
                e.payload());
    }

    /** The same event at the schema version this receiver knows. */
    private static Envelope understood(Envelope e) {
        return new Envelope(e.eventId(), e.origin(), e.sequence(), e.hlc(), e.type(), e.type().schemaVersion(),
                e.payload());
    }

    /** What a receiver that understands the newer schema would read: the same event at a version this one knows. */
    private void upgradeParked(String origin, long seq, Envelope understood) {
        jdbc.update("UPDATE parked SET payload = ? WHERE origin = ? AND seq = ?", codec.encode(understood), origin, seq);
    }


    private long inboundOffset() {
        return jdbc.queryForList("SELECT next_offset FROM inbound_position WHERE topic = ? AND part = 0", Long.class,
                applier.input().topic()).stream().findFirst().orElse(0L);
    }

    private List<Long> parkedSequences(String origin) {
        return jdbc.queryForList("SELECT seq FROM parked WHERE origin = ? ORDER BY seq", Long.class, origin);
    }

}
