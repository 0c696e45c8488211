package io.roam.hub.relay;

import io.roam.events.EventCodec;
import io.roam.hub.HubIdentity;
import io.roam.hub.KafkaSettings;
import io.roam.hub.membership.Membership;
import io.roam.hub.membership.MembershipChangelog;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The read-relay-write loop, after Apache Kafka's ExactlyOnceMessageProcessor. Each poll batch is
 * one transaction carrying the relayed copies, the dead letters, newly learned memberships and the
 * batch's input offsets: whatever is killed when, each record is relayed exactly once. With
 * {@link Delivery#AT_LEAST_ONCE} the batch is sent, every send awaited, and only then are the
 * input offsets committed: a batch may be written twice, never lost. Heartbeats
 * are held for the hub's own heartbeat ({@link HeartbeatAggregator}), which goes out about once an
 * interval in the transaction of its poll; a poll of heartbeats alone opens no transaction, and its
 * offsets ride with the next one.
 *
 * <p>One thread owns the Kafka clients. A fatal error (see {@link RelayErrors}) stops it for good
 * and the health check turns DOWN; any other failure aborts the open transaction, rewinds the
 * consumer to the last committed offsets and retries after a growing pause, so a broker that
 * goes away and comes back costs a delay, never a record. What a failure leaves owed is one
 * {@code Recovery} value, which the next pass works off before it polls.
 */
public final class RelayLoop implements SmartLifecycle {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);

    /**
     * What the relay thread owes before it relays another poll. The steps are taken in this order,
     * so a retriable failure, after which each is owed again, goes back to the first.
     */
    private enum Recovery {
        /** A transaction failed midway and is still open: abort it, or replace a producer that cannot. */
        ABORT_TRANSACTION,
        /** At start and after a failure: cheap, and heals a topic deleted under the running hub. */
        ENSURE_TOPICS,
        /** The consumer at start; a producer then and whenever one was discarded. */
        OPEN_CLIENTS,
        /** After a failure the consumer's positions are past records whose batch did not commit; at start a no-op. */
        REWIND,
        /**
         * Read the changelog back, after the poll that assigns partitions: at start, after an
         * assignment, and after a failure, as a commit that timed out may have succeeded after all.
         */
        RESTORE_MEMBERSHIP,
        NONE
    }

    private final HubIdentity hub;
    private final KafkaSettings kafka;
    private final RelayClients clients;
    private final RelayRouter router;
    private final RelayMetrics metrics;
    private final RelayStatusReporter status;
    private final HeartbeatAggregator heartbeats;
    private final Delivery delivery;
    private final RelayProducer producer;
    /** Counted down by stop(), or by a fatal failure. */
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean started;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    // Confined to the relay thread from here on.
    private Recovery recovery = Recovery.ENSURE_TOPICS;
    private Membership membership;
    /** Input offsets of polls that wrote nothing, committed with the next batch. */
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();
    private int consecutiveFailures;

    public RelayLoop(HubIdentity hub, KafkaSettings kafka, RelayClients clients, RelayRouter router,
                     RelayMetrics metrics, RelayStatusBoard board, Delivery delivery, Duration heartbeatInterval) {
        this.hub = hub;
        this.kafka = kafka;
        this.clients = clients;
        this.router = router;
        this.metrics = metrics;
        this.status = new RelayStatusReporter(board, metrics, () -> consumer, () -> membership);
        this.membership = Membership.of(hub.hubId(), hub.spokes());
        this.delivery = delivery;
        this.producer = new RelayProducer(clients, delivery, kafka.requestTimeout(), this::stopping);
        this.heartbeats = new HeartbeatAggregator(hub.hubId(), heartbeatInterval, new EventCodec(), System.nanoTime());
    }

    @Override
    public void start() {
        started = true;
        thread = new Thread(this::run, "relay-" + hub.hubId());
        thread.start();
    }

    @Override
    public void stop() {
        stop.countDown();
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(kafka.requestTimeout().plus(CLOSE_TIMEOUT).multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    private void run() {
        log.info("Hub {} instance {} relaying, transactional id {}", hub.hubId(), hub.instanceId(), hub.transactionalId());
        try {
            while (!stopping()) {
                try {
                    relayOnce();
                    consecutiveFailures = 0;
                } catch (WakeupException | InterruptException e) {
                    if (!stopping()) {
                        fail(e);
                    }
                } catch (RuntimeException e) {
                    if (RelayErrors.isFatal(e)) {
                        fail(e);
                    } else {
                        retryLater(e);
                    }
                }
            }
        } catch (Error e) {
            fail(e);
            throw e;
        } finally {
            closeClients();
            status.stopped();
            log.info("Hub {} instance {} stopped relaying", hub.hubId(), hub.instanceId());
        }
    }

    /** Whatever recovery owes, then poll, route, write and commit. */
    private void relayOnce() {
        if (recovery == Recovery.ENSURE_TOPICS) {
            clients.ensureTopics();
            recovery = Recovery.OPEN_CLIENTS;
        }
        if (recovery == Recovery.OPEN_CLIENTS) {
            openClients();
            recovery = Recovery.REWIND;
        }
        if (recovery == Recovery.REWIND) {
            rewindToCommittedOffsets();
            recovery = Recovery.RESTORE_MEMBERSHIP;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(kafka.pollTimeout());
        if (recovery == Recovery.RESTORE_MEMBERSHIP && !consumer.assignment().isEmpty()) {
            restoreMembership();
            recovery = Recovery.NONE;
        }
        if (!records.isEmpty() || heartbeats.due(System.nanoTime())) {
            RelayBatch batch = RelayBatch.route(records, hub.hubId(), router, heartbeats, membership);
            pendingOffsets.putAll(records.nextOffsets());
            if (!batch.records().isEmpty()) {
                write(batch.records());
                pendingOffsets.clear();
                membership = batch.membership();
                metrics.committed(batch.relayedTimestamps(), batch.deadLettered(), System.currentTimeMillis());
            }
        }
        status.relaying();
    }

    private void openClients() {
        if (consumer == null) {
            consumer = clients.inputConsumer();
            consumer.subscribe(router.inputTopics(), new Rebalances());
        }
        producer.open();
    }

    private void write(List<ProducerRecord<byte[], byte[]>> records) {
        if (delivery == Delivery.AT_LEAST_ONCE) {
            producer.writeAtLeastOnce(records, pendingOffsets, consumer);
            return;
        }
        try {
            producer.writeInTransaction(records, pendingOffsets, consumer);
        } catch (RuntimeException | Error e) {
            // Even when beginTransaction failed: the abort then fails too, and replaces a producer
            // that could not start a transaction.
            recovery = Recovery.ABORT_TRANSACTION;
            throw e;
        }
    }

    private void retryLater(RuntimeException failure) {
        consecutiveFailures++;
        long pauseMillis = Math.min(kafka.retryBackoffMax().toMillis(),
                kafka.retryBackoff().toMillis() << Math.min(consecutiveFailures - 1, 16));
        if (failure instanceof KafkaException) {
            log.warn("Relay failed, retrying in {} ms: {}", pauseMillis, failure.toString());
        } else {
            log.error("Relay failed unexpectedly, retrying in {} ms", pauseMillis, failure);
        }
        try {
            abandonBatch(failure);
        } catch (RuntimeException fatal) {
            fail(fatal);
            return;
        }
        status.retrying(failure);
        try {
            stop.await(pauseMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }

    /** Undoes a batch that may or may not have committed, and owes every step before a poll again. */
    private void abandonBatch(RuntimeException failure) {
        Recovery failedAt = recovery;
        recovery = Recovery.ENSURE_TOPICS;
        pendingOffsets.clear();
        heartbeats.forget();
        if (delivery == Delivery.AT_LEAST_ONCE || RelayErrors.isProducerFenced(failure)) {
            // At least once: a new producer id, so that what the broker half took from the old one
            // cannot put the new sends out of sequence. Fenced: the broker has aborted its
            // transaction already; only a successor can go on.
            producer.discard();
        } else if (failedAt == Recovery.ABORT_TRANSACTION) {
            producer.abortOrDiscard();
        } else if (failedAt == Recovery.OPEN_CLIENTS) {
            // Its initTransactions may not have gone through.
            producer.discard();
        }
    }

    private void rewindToCommittedOffsets() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, kafka.requestTimeout());
        List<TopicPartition> neverCommitted = new ArrayList<>();
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                neverCommitted.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        if (!neverCommitted.isEmpty()) {
            // Guarded: an empty collection would rewind every assigned partition to the beginning.
            consumer.seekToBeginning(neverCommitted);
        }
        log.info("Rewound {} to the last committed offsets", assigned);
    }

    private void restoreMembership() {
        try (Consumer<byte[], byte[]> changelog = clients.changelogConsumer()) {
            Map<String, String> restored = MembershipChangelog.restore(changelog, hub.hubId(), kafka.requestTimeout());
            membership = membership.withPeerClusters(restored);
            log.info("Restored the membership of {} peer clusters", restored.size());
        }
    }

    /** Fatal: the loop stops for good, and the health check turns DOWN. */
    private void fail(Throwable failure) {
        log.error("Relay of hub {} instance {} stopped for good: {}", hub.hubId(), hub.instanceId(), failure.toString(), failure);
        status.failed(failure);
        stop.countDown();
    }

    private boolean stopping() {
        return stop.getCount() == 0;
    }

    private void closeClients() {
        producer.close(recovery == Recovery.ABORT_TRANSACTION);
        if (consumer != null) {
            try {
                // Leaving the group (static members do not by default) lets a standby take over at once.
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(CLOSE_TIMEOUT));
            } catch (RuntimeException e) {
                log.warn("Closing the consumer failed: {}", e.toString());
            }
            consumer = null;
        }
    }

    /** Every batch commits before the next poll, so a rebalance never finds a transaction open. */
    private final class Rebalances implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Assigned {}", partitions);
                // The instance that held them may have learned members meanwhile.
                if (recovery == Recovery.NONE) {
                    recovery = Recovery.RESTORE_MEMBERSHIP;
                }
            }
            status.publishSoon();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("Revoked {}", partitions);
            }
            // Their next owner reads from the committed offsets, heartbeats included.
            partitions.forEach(pendingOffsets::remove);
            status.publishSoon();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            log.warn("Lost {}", partitions);
            status.publishSoon();
        }
    }
}
