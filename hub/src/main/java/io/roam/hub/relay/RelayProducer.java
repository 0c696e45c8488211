package io.roam.hub.relay;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * This instance's producer, and the two ways it writes a batch together with the batch's input
 * offsets ({@link Delivery}), as Kafka Streams keeps its producer apart from its stream thread.
 * When to abort and when to replace it is the loop's to decide, by its recovery state; how is here.
 * Confined to the relay thread.
 */
final class RelayProducer {

    private static final Logger log = LoggerFactory.getLogger(RelayProducer.class);
    private static final int COMMIT_ATTEMPTS = 3;

    private final RelayClients clients;
    private final Delivery delivery;
    private final Duration requestTimeout;
    private final BooleanSupplier stopping;
    private Producer<byte[], byte[]> producer;

    RelayProducer(RelayClients clients, Delivery delivery, Duration requestTimeout, BooleanSupplier stopping) {
        this.clients = clients;
        this.delivery = delivery;
        this.requestTimeout = requestTimeout;
        this.stopping = stopping;
    }

    /** A producer unless there is one; should its initTransactions fail, the caller discards it. */
    void open() {
        if (producer == null) {
            producer = clients.producer();
            if (delivery == Delivery.TRANSACTIONS) {
                // Fences a predecessor with the same transactional id and aborts what it left open.
                producer.initTransactions();
            }
        }
    }

    /** The records and the offsets in one transaction: each record is written exactly once. */
    void writeInTransaction(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
                            Consumer<?, ?> consumer) {
        producer.beginTransaction();
        records.forEach(producer::send);
        if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
        }
        commit();
    }

    /** Every send acknowledged, then the offsets: a failure before the commit sends the batch again. */
    void writeAtLeastOnce(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
                          Consumer<?, ?> consumer) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        records.forEach(record -> sends.add(producer.send(record)));
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            awaitAcknowledged(send);
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(Map.copyOf(offsets), requestTimeout);
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
                if (attempt == COMMIT_ATTEMPTS || stopping.getAsBoolean()) {
                    throw e;
                }
                log.warn("Commit not confirmed yet (attempt {} of {}), awaiting it again: {}", attempt, COMMIT_ATTEMPTS,
                        e.toString());
            }
        }
    }

    /**
     * Aborts the open transaction. Only a fatal error escapes: an abort that fails otherwise (the
     * producer's own timeout, say) discards the producer, and its successor's initTransactions
     * aborts the transaction on the broker instead.
     */
    void abortOrDiscard() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailure) {
            if (RelayErrors.isFatal(abortFailure)) {
                throw abortFailure;
            }
            log.warn("Could not abort, replacing the producer (its successor's initTransactions settles the open transaction): {}",
                    abortFailure.toString());
            discard();
        }
    }

    /** Closes the producer without waiting; the next {@link #open()} makes a new one. */
    void discard() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("Closing the discarded producer failed", e);
            }
        }
        producer = null;
    }

    /** On the way out: a transaction left open that cannot be aborted, the broker aborts when it times out. */
    void close(boolean transactionOpen) {
        if (producer == null) {
            return;
        }
        if (transactionOpen) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                log.warn("Aborting the open transaction failed: {}", e.toString());
            }
        }
        try {
            producer.close(RelayLoop.CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("Closing the producer failed: {}", e.toString());
        }
        producer = null;
    }
}
