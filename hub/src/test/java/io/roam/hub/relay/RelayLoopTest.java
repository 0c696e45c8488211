package io.roam.hub.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.events.EventCodec;
import io.roam.events.HubHeartbeat;
import io.roam.hub.HubIdentity;
import io.roam.hub.KafkaSettings;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.roam.hub.Envelopes.announced;
import static io.roam.hub.Envelopes.heartbeat;
import static io.roam.hub.Envelopes.hubHeartbeat;
import static io.roam.hub.Envelopes.loggedIn;
import static io.roam.hub.Envelopes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The loop against Kafka's own mock clients: transactions, offsets, fencing and retries without a broker. */
class RelayLoopTest {

    private static final TopicPartition CLUSTER_1_OUT = new TopicPartition("ils.spoke.cluster-1.out", 0);
    private static final TopicPartition HUB_B_MESH = new TopicPartition("ils.hub.hub-b.mesh", 0);
    private static final KafkaSettings FAST = new KafkaSettings("unused:9092", (short) 1, 1, Duration.ofMillis(1),
            Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(50), null, null, null, Map.of());

    private final HubIdentity hub = new HubIdentity("hub-a", "a1", List.of("cluster-1", "cluster-2"));
    private final FakeClients clients = new FakeClients();
    private final RelayStatusBoard board = new RelayStatusBoard(RelayStatus.starting(Map.of()));
    private final RelayMetrics metrics = new RelayMetrics(new SimpleMeterRegistry(), board);
    private RelayLoop loop = loop(Duration.ofHours(1));

    @AfterEach
    void stop() {
        loop.stop();
    }

    private RelayLoop loop(Duration heartbeatInterval) {
        return loop(Delivery.TRANSACTIONS, heartbeatInterval);
    }

    private RelayLoop loop(Delivery delivery, Duration heartbeatInterval) {
        return new RelayLoop(hub, FAST, clients, new RelayRouter(hub.hubId(), hub.spokes(), new EventCodec()), metrics, board,
                delivery, heartbeatInterval);
    }

    @Test
    void each_poll_batch_is_relayed_in_one_transaction_together_with_its_input_offsets() {
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.input.addRecord(record(CLUSTER_1_OUT, 0, loggedIn("cluster-1")));
            clients.input.addRecord(record(CLUSTER_1_OUT, 1, heartbeat("cluster-1")));
        });

        loop.start();

        await().until(() -> clients.producer(0).commitCount() == 1);
        MockProducer<byte[], byte[]> producer = clients.producer(0);
        assertThat(producer.history()).as("the heartbeat waits for the hub's own").extracting(ProducerRecord::topic)
                .containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        assertThat(producer.consumerGroupOffsetsHistory()).singleElement()
                .satisfies(offsets -> assertThat(offsets.values()).singleElement()
                        .satisfies(committed -> assertThat(committed.get(CLUSTER_1_OUT).offset()).isEqualTo(2)));
        await().until(() -> metrics.relayed() == 1);
    }

    @Test
    void heartbeats_alone_open_no_transaction_and_go_out_once_in_the_hubs_heartbeat_with_their_offsets() throws Exception {
        loop = loop(Duration.ofMillis(300));
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.assign(HUB_B_MESH);
            clients.input.addRecord(record(CLUSTER_1_OUT, 0, heartbeat("cluster-1")));
            clients.input.addRecord(record(HUB_B_MESH, 0, hubHeartbeat("hub-b", "cluster-3")));
        });

        loop.start();

        await().until(() -> clients.producer(0).commitCount() == 1);
        MockProducer<byte[], byte[]> producer = clients.producer(0);
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        HubHeartbeat toPeers = (HubHeartbeat) new EventCodec().decode(producer.history().get(0).value()).payload();
        HubHeartbeat toSpokes = (HubHeartbeat) new EventCodec().decode(producer.history().get(1).value()).payload();
        assertThat(toPeers.beats()).as("a peer's beat never goes to a mesh").extracting(HubHeartbeat.Beat::cluster)
                .containsExactly("cluster-1");
        assertThat(toSpokes.beats()).extracting(HubHeartbeat.Beat::cluster).containsExactlyInAnyOrder("cluster-1", "cluster-3");
        assertThat(producer.consumerGroupOffsetsHistory()).singleElement()
                .satisfies(offsets -> assertThat(offsets.values()).singleElement().satisfies(committed -> {
                    assertThat(committed.get(CLUSTER_1_OUT).offset()).isEqualTo(1);
                    assertThat(committed.get(HUB_B_MESH).offset()).isEqualTo(1);
                }));
        // nothing heard since: no heartbeat, and no transaction
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> producer.commitCount() == 1);
    }

    @Test
    void at_least_once_a_batch_is_sent_and_acknowledged_before_its_input_offsets_are_committed_without_a_transaction() {
        loop = loop(Delivery.AT_LEAST_ONCE, Duration.ofHours(1));
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.input.addRecord(record(CLUSTER_1_OUT, 0, loggedIn("cluster-1")));
        });

        loop.start();

        await().until(() -> committedOffset(CLUSTER_1_OUT) == 1);
        MockProducer<byte[], byte[]> producer = clients.producer(0);
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        assertThat(producer.transactionInitialized()).isFalse();
        await().until(() -> metrics.relayed() == 1);
    }

    @Test
    void at_least_once_a_send_that_fails_is_sent_again_by_a_new_producer_from_the_committed_offsets() {
        loop = loop(Delivery.AT_LEAST_ONCE, Duration.ofHours(1));
        AtomicInteger made = new AtomicInteger();
        clients.producerFactory = () -> made.getAndIncrement() == 0 ? new FailingSends(1)
                : new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        aLoginAtOffsetSevenThatMustBeReadAgainAfterARewind();

        loop.start();

        await().until(() -> committedOffset(CLUSTER_1_OUT) == 8);
        assertThat(clients.producers).hasSize(2);
        assertThat(clients.producer(0).closed()).isTrue();
        assertThat(clients.producer(1).history()).extracting(ProducerRecord::topic)
                .containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
    }

    /** Committed up to offset 7, a login there; once rewound to 7, the broker delivers it again. */
    private void aLoginAtOffsetSevenThatMustBeReadAgainAfterARewind() {
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.committedEarlier(CLUSTER_1_OUT, 7);
            clients.input.addRecord(record(CLUSTER_1_OUT, 7, loggedIn("cluster-1")));
        });
        clients.onPoll(() -> {
            assertThat(clients.input.position(CLUSTER_1_OUT)).as("rewound to its committed offset").isEqualTo(7);
            clients.input.addRecord(record(CLUSTER_1_OUT, 7, loggedIn("cluster-1")));
        });
    }

    private long committedOffset(TopicPartition partition) {
        OffsetAndMetadata committed = clients.input.committed(java.util.Set.of(partition)).get(partition);
        return committed == null ? -1 : committed.offset();
    }

    @Test
    void a_dead_letter_is_written_in_the_same_transaction_and_the_relay_goes_on() {
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.input.addRecord(record(CLUSTER_1_OUT, 0, text("{not json")));
            clients.input.addRecord(record(CLUSTER_1_OUT, 1, loggedIn("cluster-1")));
        });

        loop.start();

        await().until(() -> clients.producer(0).commitCount() == 1);
        assertThat(clients.producer(0).history()).extracting(ProducerRecord::topic).containsExactly(
                "ils.dead-letters", "ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        assertThat(metrics.deadLettered()).isEqualTo(1);
        assertThat(metrics.relayed()).isEqualTo(1);
    }

    @Test
    void a_peer_cluster_learned_from_its_announcement_is_written_to_the_changelog_and_shown() {
        clients.onPoll(() -> {
            clients.assign(HUB_B_MESH);
            clients.input.addRecord(record(HUB_B_MESH, 0, announced("cluster-3", "cluster-3", "hub-b")));
        });

        loop.start();

        await().until(() -> clients.producer(0).commitCount() == 1);
        assertThat(clients.producer(0).history()).extracting(ProducerRecord::topic).containsExactly(
                "ils.hub.hub-a.feed", "ils.hub.hub-a.members");
        await().untilAsserted(() -> {
            assertThat(board.current().members()).containsEntry("cluster-3", "hub-b").containsEntry("cluster-1", "hub-a");
            assertThat(board.current().peers()).containsExactly("hub-b");
            assertThat(board.current().active()).isTrue();
        });
    }

    @Test
    void a_fenced_producer_is_replaced_and_its_successor_relays_the_batch_once() {
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.committedEarlier(CLUSTER_1_OUT, 7);
            clients.producer(0).fenceProducer();
            clients.input.addRecord(record(CLUSTER_1_OUT, 7, loggedIn("cluster-1")));
        });
        clients.onPoll(() -> {
            assertThat(clients.input.position(CLUSTER_1_OUT)).as("rewound to its committed offset").isEqualTo(7);
            clients.input.addRecord(record(CLUSTER_1_OUT, 7, loggedIn("cluster-1")));
        });

        loop.start();

        await().until(() -> clients.producers.size() == 2 && clients.producer(1).commitCount() == 1);
        assertThat(clients.producer(0).commitCount()).isZero();
        assertThat(clients.producer(1).history()).extracting(ProducerRecord::topic)
                .containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        assertThat(board.current().state()).isNotEqualTo(RelayStatus.State.FAILED);
    }

    @Test
    void a_failed_commit_is_aborted_and_the_consumer_rewound_to_the_last_committed_offsets() {
        clients.producerFactory = () -> new FlakyProducer(1, 0);
        aLoginAtOffsetSevenThatMustBeReadAgainAfterARewind();

        loop.start();

        await().until(() -> clients.producer(0).commitCount() == 1);
        assertThat(((FlakyProducer) clients.producer(0)).aborts.get()).isEqualTo(1);
        assertThat(clients.producer(0).history()).extracting(ProducerRecord::topic)
                .containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        assertThat(clients.producers).hasSize(1);
    }

    @Test
    void a_commit_not_confirmed_in_time_is_awaited_again_rather_than_aborted() {
        clients.producerFactory = () -> FlakyProducer.commitTimingOut(2);
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.input.addRecord(record(CLUSTER_1_OUT, 0, loggedIn("cluster-1")));
        });

        loop.start();

        await().until(() -> clients.producer(0).commitCount() == 1);
        FlakyProducer producer = (FlakyProducer) clients.producer(0);
        assertThat(producer.commitAttempts.get()).isEqualTo(3);
        assertThat(producer.aborts.get()).as("aborts").isZero();
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly("ils.hub.hub-a.mesh", "ils.hub.hub-a.feed");
        assertThat(clients.producers).hasSize(1);
    }

    @Test
    void a_commit_that_never_confirms_is_given_up_and_its_producer_replaced() {
        relayOneRecordReplacing(FlakyProducer.commitTimingOut(Integer.MAX_VALUE));

        assertThat(((FlakyProducer) clients.producer(0)).commitAttempts.get()).isEqualTo(3);
        assertThat(clients.producer(0).closed()).isTrue();
    }

    @Test
    void a_partition_without_committed_offsets_is_rewound_to_its_beginning_and_only_that_one() {
        clients.producerFactory = () -> new FlakyProducer(1, 0);
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.assign(HUB_B_MESH);
            clients.committedEarlier(CLUSTER_1_OUT, 7);
            clients.input.addRecord(record(CLUSTER_1_OUT, 7, loggedIn("cluster-1")));
            clients.input.addRecord(record(HUB_B_MESH, 0, loggedIn("cluster-3")));
        });
        clients.onPoll(() -> {
            assertThat(clients.input.position(CLUSTER_1_OUT)).isEqualTo(7);
            assertThat(clients.input.position(HUB_B_MESH)).isZero();
            clients.input.addRecord(record(HUB_B_MESH, 0, loggedIn("cluster-3")));
        });

        loop.start();

        await().until(() -> clients.producer(0).commitCount() == 1);
    }

    @Test
    void a_producer_that_cannot_even_abort_is_replaced_by_a_new_one_with_the_same_transactional_id() {
        relayOneRecordReplacing(new FlakyProducer(1, 1));

        assertThat(clients.producer(0).closed()).isTrue();
        assertThat(clients.producer(1).transactionInitialized()).isTrue();
    }

    /** One record, relayed by a sound producer once {@code failing} has failed it and been replaced. */
    private void relayOneRecordReplacing(MockProducer<byte[], byte[]> failing) {
        Queue<MockProducer<byte[], byte[]>> producers = new ConcurrentLinkedQueue<>(List.of(failing, new FlakyProducer(0, 0)));
        clients.producerFactory = producers::remove;
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.input.addRecord(record(CLUSTER_1_OUT, 0, loggedIn("cluster-1")));
        });
        clients.onPoll(() -> clients.input.addRecord(record(CLUSTER_1_OUT, 0, loggedIn("cluster-1"))));

        loop.start();

        await().until(() -> clients.producers.size() == 2 && clients.producer(1).commitCount() == 1);
    }

    @Test
    void a_broker_missing_at_start_delays_the_relay_but_does_not_stop_it() {
        clients.topicFailuresLeft.set(3);
        clients.onPoll(() -> {
            clients.assign(CLUSTER_1_OUT);
            clients.input.addRecord(record(CLUSTER_1_OUT, 0, loggedIn("cluster-1")));
        });

        loop.start();

        await().until(() -> clients.producers.size() == 1 && clients.producer(0).commitCount() == 1);
        assertThat(clients.topicAttempts.get()).isEqualTo(4);
        await().until(() -> board.current().state() == RelayStatus.State.RUNNING);
    }

    @Test
    void while_the_broker_stays_away_the_relay_keeps_retrying_and_reports_why() {
        clients.topicFailuresLeft.set(Integer.MAX_VALUE);

        loop.start();

        await().until(() -> clients.topicAttempts.get() > 3);
        assertThat(board.current().state()).isEqualTo(RelayStatus.State.RETRYING);
        assertThat(board.current().lastError()).contains("broker down");
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset, byte[] value) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, value);
    }

    /** Its first {@code failures} sends are never acknowledged. */
    private static final class FailingSends extends MockProducer<byte[], byte[]> {
        private final AtomicInteger failures;

        FailingSends(int failures) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                ProducerRecord<byte[], byte[]> record) {
            if (failures.getAndDecrement() > 0) {
                return java.util.concurrent.CompletableFuture.failedFuture(new TimeoutException("not acknowledged in time"));
            }
            return super.send(record);
        }
    }

    /** Its first commits fail (the coordinator refused, or did not confirm in time), and its first aborts time out. */
    private static final class FlakyProducer extends MockProducer<byte[], byte[]> {
        private final AtomicInteger commitFailures;
        private final AtomicInteger abortFailures;
        private final Supplier<RuntimeException> commitFailure;
        final AtomicInteger commitAttempts = new AtomicInteger();
        final AtomicInteger aborts = new AtomicInteger();
        private volatile boolean commitPending;

        FlakyProducer(int commitFailures, int abortFailures) {
            this(commitFailures, abortFailures, () -> new KafkaException("the coordinator refused the commit"));
        }

        FlakyProducer(int commitFailures, int abortFailures, Supplier<RuntimeException> commitFailure) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.commitFailures = new AtomicInteger(commitFailures);
            this.abortFailures = new AtomicInteger(abortFailures);
            this.commitFailure = commitFailure;
        }

        static FlakyProducer commitTimingOut(int times) {
            return new FlakyProducer(times, 0, () -> new TimeoutException("commit not confirmed in time"));
        }

        @Override
        public void commitTransaction() {
            commitAttempts.incrementAndGet();
            if (commitFailures.getAndDecrement() > 0) {
                RuntimeException failure = commitFailure.get();
                commitPending = failure instanceof TimeoutException;
                throw failure;
            }
            commitPending = false;
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            if (commitPending) {
                // As Kafka's producer: a commit that timed out can only be retried.
                throw new IllegalStateException("the previous call to commitTransaction timed out and must be retried");
            }
            if (abortFailures.getAndDecrement() > 0) {
                throw new TimeoutException("abort timed out");
            }
            aborts.incrementAndGet();
            super.abortTransaction();
        }
    }

    private static final class FakeClients implements RelayClients {
        final MockConsumer<byte[], byte[]> input = new MockConsumer<>("earliest") {
            /** As KafkaConsumer documents it, and MockConsumer does not: no partitions means all of them. */
            @Override
            public synchronized void seekToBeginning(Collection<TopicPartition> partitions) {
                super.seekToBeginning(partitions.isEmpty() ? assignment() : partitions);
            }
        };
        final List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();
        final AtomicInteger topicFailuresLeft = new AtomicInteger();
        final AtomicInteger topicAttempts = new AtomicInteger();
        volatile Supplier<MockProducer<byte[], byte[]>> producerFactory =
                () -> new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

        /** Runs inside the relay thread's next poll that has not run a task yet. */
        void onPoll(Runnable task) {
            input.schedulePollTask(task);
        }

        void assign(TopicPartition partition) {
            List<TopicPartition> assignment = new ArrayList<>(input.assignment());
            assignment.add(partition);
            input.rebalance(assignment);
            input.updateBeginningOffsets(Map.of(partition, 0L));
        }

        /** As if an earlier transaction had committed the partition up to {@code offset}. */
        void committedEarlier(TopicPartition partition, long offset) {
            input.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
            input.seek(partition, offset);
        }

        MockProducer<byte[], byte[]> producer(int index) {
            return producers.get(index);
        }

        @Override
        public void ensureTopics() {
            topicAttempts.incrementAndGet();
            if (topicFailuresLeft.getAndDecrement() > 0) {
                throw new TimeoutException("broker down");
            }
        }

        @Override
        public Consumer<byte[], byte[]> inputConsumer() {
            return input;
        }

        @Override
        public Producer<byte[], byte[]> producer() {
            MockProducer<byte[], byte[]> producer = producerFactory.get();
            producers.add(producer);
            return producer;
        }

        @Override
        public Consumer<byte[], byte[]> changelogConsumer() {
            MockConsumer<byte[], byte[]> changelog = new MockConsumer<>("earliest");
            TopicPartition partition = new TopicPartition("ils.hub.hub-a.members", 0);
            Node broker = new Node(1, "127.0.0.1", 9092);
            changelog.updatePartitions(partition.topic(),
                    List.of(new PartitionInfo(partition.topic(), 0, broker, new Node[]{broker}, new Node[]{broker})));
            changelog.updateBeginningOffsets(Map.of(partition, 0L));
            changelog.updateEndOffsets(Map.of(partition, 0L));
            return changelog;
        }
    }
}
