package io.roam.hub.relay;

import io.roam.events.EventCodec;
import io.roam.hub.HubIdentity;
import io.roam.hub.KafkaSettings;
import io.roam.hub.membership.ClusterMembership;
import io.roam.hub.membership.Membership;
import io.roam.hub.membership.MembershipChangelog;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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

    private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final int COMMIT_ATTEMPTS = 3;

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
    /** Counted down by stop(), or by a fatal failure. */
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean started;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    // Confined to the relay thread from here on.
    private Producer<byte[], byte[]> producer;
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
            relay(records);
        }
        status.relaying();
    }

    private void openClients() {
        if (consumer == null) {
            consumer = clients.inputConsumer();
            consumer.subscribe(router.inputTopics(), new Rebalances());
        }
        if (producer == null) {
            producer = clients.producer();
            if (delivery == Delivery.TRANSACTIONS) {
                // Fences a predecessor with the same transactional id and aborts what it left open.
                producer.initTransactions();
            }
        }
    }

    private void relay(ConsumerRecords<byte[], byte[]> records) {
        Membership working = membership;
        List<ProducerRecord<byte[], byte[]>> written = new ArrayList<>();
        List<Long> relayedTimestamps = new ArrayList<>(records.count());
        List<DeadLetterReason> deadLettered = new ArrayList<>();
        long nowMillis = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Route route = router.route(record.topic(), record.value(), working);
            if (route instanceof Route.Forward forward) {
                written.addAll(RelayRecords.forwarded(record, forward, hub.hubId()));
                if (forward.learned().isPresent()) {
                    ClusterMembership learned = forward.learned().get();
                    working = working.learn(learned);
                    written.add(MembershipChangelog.record(hub.hubId(), learned));
                    log.info("Learned that {} belongs to {}", learned.cluster(), learned.hub());
                }
                relayedTimestamps.add(record.timestamp());
            } else if (route instanceof Route.Beats beats) {
                heartbeats.heard(beats.beats(), nowMillis);
            } else if (route instanceof Route.DeadLetter deadLetter) {
                written.add(RelayRecords.deadLetter(record, deadLetter, hub.hubId()));
                deadLettered.add(deadLetter.reason());
                log.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), deadLetter.describe());
            }
        }
        pendingOffsets.putAll(records.nextOffsets());
        long nowNanos = System.nanoTime();
        if (heartbeats.due(nowNanos)) {
            written.addAll(heartbeats.emit(working, nowMillis, nowNanos));
        }
        if (written.isEmpty()) {
            return;
        }
        if (delivery == Delivery.TRANSACTIONS) {
            writeInTransaction(written);
        } else {
            writeAtLeastOnce(written);
        }
        pendingOffsets.clear();
        membership = working;
        metrics.committed(relayedTimestamps, deadLettered, System.currentTimeMillis());
    }

    private void writeInTransaction(List<ProducerRecord<byte[], byte[]>> written) {
        try {
            producer.beginTransaction();
            written.forEach(producer::send);
            if (!pendingOffsets.isEmpty()) {
                producer.sendOffsetsToTransaction(Map.copyOf(pendingOffsets), consumer.groupMetadata());
            }
            commit();
        } catch (RuntimeException | Error e) {
            // Even when beginTransaction failed: the abort then fails too, and replaces a producer
            // that could not start a transaction.
            recovery = Recovery.ABORT_TRANSACTION;
            throw e;
        }
    }

    /** Every send acknowledged, then the offsets: a failure before the commit sends the batch again. */
    private void writeAtLeastOnce(List<ProducerRecord<byte[], byte[]>> written) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(written.size());
        written.forEach(record -> sends.add(producer.send(record)));
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            awaitAcknowledged(send);
        }
        if (!pendingOffsets.isEmpty()) {
            consumer.commitSync(Map.copyOf(pendingOffsets), kafka.requestTimeout());
        }
    }

    private static void awaitAcknowledged(Future<RecordMetadata> send) {
        try {
            send.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException("send failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    /**
     * A commit that timed out is still under way at the coordinator, which may be moving to another
     * broker: the producer lets it be awaited again, far cheaper than an abort and a new producer.
     * Only a few times: a transaction that outlives its timeout is aborted by the coordinator, and
     * the commit then fails for good.
     */
    private void commit() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == COMMIT_ATTEMPTS || stopping()) {
                    throw e;
                }
                log.warn("Commit not confirmed yet (attempt {} of {}), awaiting it again: {}", attempt, COMMIT_ATTEMPTS,
                        e.toString());
            }
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

    /**
     * Undoes a batch that may or may not have committed, and owes every step before a poll again.
     * Only a fatal error escapes: an abort that fails otherwise (the producer's own timeout, say)
     * discards the producer, and its successor's initTransactions aborts the transaction on the
     * broker instead.
     */
    private void abandonBatch(RuntimeException failure) {
        Recovery failedAt = recovery;
        recovery = Recovery.ENSURE_TOPICS;
        pendingOffsets.clear();
        heartbeats.forget();
        if (delivery == Delivery.AT_LEAST_ONCE || RelayErrors.isProducerFenced(failure)) {
            // At least once: a new producer id, so that what the broker half took from the old one
            // cannot put the new sends out of sequence. Fenced: the broker has aborted its
            // transaction already; only a successor can go on.
            discardProducer();
        } else if (failedAt == Recovery.ABORT_TRANSACTION) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailure) {
                if (RelayErrors.isFatal(abortFailure)) {
                    throw abortFailure;
                }
                log.warn("Could not abort, replacing the producer (its successor's initTransactions settles the open transaction): {}",
                        abortFailure.toString());
                discardProducer();
            }
        } else if (failedAt == Recovery.OPEN_CLIENTS) {
            // Its initTransactions may not have gone through.
            discardProducer();
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

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("Closing the discarded producer failed", e);
            }
        }
        producer = null;
    }

    private void closeClients() {
        if (producer != null) {
            if (recovery == Recovery.ABORT_TRANSACTION) {
                abortQuietly();
            }
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("Closing the producer failed: {}", e.toString());
            }
            producer = null;
        }
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

    /** On the way out: whatever is left open, the broker aborts when the transaction times out. */
    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            log.warn("Aborting the open transaction failed: {}", e.toString());
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
