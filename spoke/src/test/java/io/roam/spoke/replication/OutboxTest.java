package io.roam.spoke.replication;

import io.roam.events.ClusterAnnounced;
import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.events.HybridLogicalClock;
import io.roam.spoke.SpokeCalls;
import io.roam.spoke.eventstore.LocalStore;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Own events are numbered in the transaction that stores them: densely, in commit order, and a
 * rolled-back transaction leaves no hole. No broker is reachable here, so nothing is acknowledged.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1",
        "roam.spoke.hub-id=hub-a",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
class OutboxTest {

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @Autowired
    LocalStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventCodec codec;
    @Autowired
    HybridLogicalClock clock;
    @Autowired
    Publisher publisher;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionManager transactions;

    @Test
    void an_own_event_gets_the_next_number_and_its_envelope_in_the_same_commit() throws Exception {
        long before = lastNumber();

        store.append(List.of(announcement("sip:a")));

        assertThat(lastNumber()).isEqualTo(before + 1);
        Envelope envelope = codec.decode(jdbc.queryForObject("SELECT envelope FROM outbox WHERE seq = ?", byte[].class,
                before + 1));
        assertThat(envelope.origin()).isEqualTo("cluster-1");
        assertThat(envelope.sequence()).isEqualTo(before + 1);
        assertThat(envelope.payload()).isInstanceOf(ClusterAnnounced.class);
        assertThat(publisher.unpublished()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_rolled_back_transaction_returns_its_numbers_unused() {
        long before = lastNumber();

        assertThatThrownBy(() -> appendThenFailToCommit(List.of(announcement("sip:b"), announcement("sip:c"))))
                .hasMessageContaining("the commit failed");
        store.append(List.of(announcement("sip:d")));

        assertThat(lastNumber()).isEqualTo(before + 1);
        assertThat(numbers()).containsExactlyElementsOf(dense(before + 1));
    }

    @Test
    void concurrent_transactions_some_rolled_back_leave_a_dense_sequence_in_commit_order() throws Exception {
        long before = lastNumber();
        AtomicInteger committed = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            done.add(writers.submit(() -> {
                if (n % 7 == 0) {
                    assertThatThrownBy(() -> appendThenFailToCommit(List.of(announcement("sip:" + n))))
                            .hasMessageContaining("the commit failed");
                } else {
                    store.append(List.of(announcement("sip:" + n)));
                    committed.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();

        assertThat(lastNumber()).isEqualTo(before + committed.get());
        assertThat(numbers()).containsExactlyElementsOf(dense(before + committed.get()));
        assertThat(envelopeSequences()).containsExactlyElementsOf(dense(before + committed.get()));
        assertThat(jdbc.queryForList("SELECT change_seq FROM local_order UNION ALL SELECT change_seq FROM foreign_fact "
                + "ORDER BY 1", Long.class)).as("the spoke-local change sequence").isEqualTo(dense(changeNumbers()));
    }

    private long changeNumbers() {
        return jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM local_order) + (SELECT COUNT(*) FROM foreign_fact)",
                Long.class);
    }

    /** Fails after the events were numbered and written, before the transaction commits. */
    private void appendThenFailToCommit(List<GenericEventMessage<ClusterAnnounced>> events) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(() -> {
            eventStore.publish(events);
            unitOfWork.onPrepareCommit(u -> {
                throw new IllegalStateException("the commit failed");
            });
        });
    }

    private GenericEventMessage<ClusterAnnounced> announcement(String route) {
        return new GenericEventMessage<>(new ClusterAnnounced("cluster-1", "hub-a", route, clock.tick()));
    }

    private long lastNumber() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM outbox", Long.class);
    }

    private List<Long> numbers() {
        return jdbc.queryForList("SELECT seq FROM outbox ORDER BY seq", Long.class);
    }

    private List<Long> envelopeSequences() throws Exception {
        List<Long> sequences = new ArrayList<>();
        for (byte[] bytes : jdbc.queryForList("SELECT envelope FROM outbox ORDER BY seq", byte[].class)) {
            sequences.add(codec.decode(bytes).sequence());
        }
        return sequences;
    }

    private static List<Long> dense(long through) {
        return LongStream.rangeClosed(1, through).boxed().toList();
    }
}
