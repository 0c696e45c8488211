package io.roam.scenarios.bench;

import io.roam.scenarios.broker.ClusterMembership;
import io.roam.scenarios.load.FixedRateScheduler;
import io.roam.scenarios.load.Latencies;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor under the replication lag: the same hops with nothing but kafka-clients on the same
 * broker. A producer (acks=all, linger.ms=1, as the spoke's publisher) writes at a fixed rate; two
 * relays read committed and write as the hubs do: in one transaction per poll with their input
 * offsets, or, at least once, sending a poll, awaiting every acknowledgement and then committing
 * its offsets; a read-committed consumer at the end measures from each record's due time.
 */
final class KafkaFloor {

    /** About the size of a login envelope on the wire. */
    private static final int RECORD_BYTES = 300;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final boolean transactional;

    KafkaFloor(String bootstrapServers, boolean transactional) {
        this.bootstrapServers = bootstrapServers;
        this.transactional = transactional;
    }

    /** The latencies of one rate, from its own topics and relays; the warm-up's records are not counted. */
    Result run(double rate, Duration warmup, Duration duration) throws InterruptedException {
        String run = "bench.floor." + UUID.randomUUID().toString().substring(0, 8);
        List<String> topics = List.of(run + ".0", run + ".1", run + ".2");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            // As many copies as the network's topics keep: one per broker, up to three, a majority in sync.
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short copies = (short) Math.min(3, brokers);
            Map<String, String> configs = Map.of("min.insync.replicas", Integer.toString(ClusterMembership.majorityOf(copies)));
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 1, copies).configs(configs)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the floor's topics: " + e, e);
        }
        long warmupCalls = FixedRateScheduler.callCount(rate, warmup);
        long total = warmupCalls + FixedRateScheduler.callCount(rate, duration);
        AtomicLongArray due = new AtomicLongArray((int) total);
        Latencies latencies = new Latencies();
        AtomicLong received = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(thread(run + "-relay-1", failure, () -> relay(run + "-1", topics.get(0), topics.get(1), stop)));
        threads.add(thread(run + "-relay-2", failure, () -> relay(run + "-2", topics.get(1), topics.get(2), stop)));
        threads.add(thread(run + "-end", failure, () -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(null)) {
                TopicPartition end = new TopicPartition(topics.get(2), 0);
                consumer.assign(List.of(end));
                consumer.seekToBeginning(List.of(end));
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        long now = System.nanoTime();
                        int index = ByteBuffer.wrap(record.value()).getInt(0);
                        if (index >= warmupCalls) {
                            latencies.recordNanos(now - due.get(index));
                        }
                        received.incrementAndGet();
                    }
                }
            }
        }));
        threads.forEach(Thread::start);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(null), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] key = "bench-floor".getBytes();
            long[] next = {0};
            new FixedRateScheduler().run(rate, warmup.plus(duration), dueNanos -> {
                int index = (int) next[0]++;
                due.set(index, dueNanos);
                byte[] value = new byte[RECORD_BYTES];
                ByteBuffer.wrap(value).putInt(0, index);
                producer.send(new ProducerRecord<>(topics.get(0), key, value));
            });
            producer.flush();
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (received.get() < total && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(10);
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the floor's pipeline failed: " + failure.get(), failure.get());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.deleteTopics(topics);
        }
        return new Result(latencies, total - received.get());
    }

    /** @param lost records that did not arrive within the drain timeout */
    record Result(Latencies latencies, long lost) {
    }

    /** Reads committed, writes each poll's records and input offsets in one transaction, or at least once. */
    private void relay(String name, String from, String to, AtomicBoolean stop) {
        TopicPartition input = new TopicPartition(from, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(name);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(transactional ? name : null),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.assign(List.of(input));
            consumer.seekToBeginning(List.of(input));
            if (transactional) {
                producer.initTransactions();
            }
            while (!stop.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                if (transactional) {
                    producer.beginTransaction();
                }
                List<Future<RecordMetadata>> sends = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    sends.add(producer.send(new ProducerRecord<>(to, record.key(), record.value())));
                }
                if (transactional) {
                    producer.sendOffsetsToTransaction(records.nextOffsets(), consumer.groupMetadata());
                    producer.commitTransaction();
                } else {
                    producer.flush();
                    awaitAll(sends);
                    consumer.commitSync(records.nextOffsets());
                }
            }
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> sends) {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a floor relay's send failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The hubs' and the spoke applier's consumer settings; a group only for the relays' transactional offsets. */
    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        config.put("fetch.min.bytes", 1);
        config.put("fetch.max.wait.ms", 50);
        if (group != null) {
            config.put("group.id", group);
        }
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> producerConfig(String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("linger.ms", 1);
        if (transactionalId != null) {
            config.put("transactional.id", transactionalId);
            config.put("transaction.timeout.ms", 10_000);
        }
        return config;
    }

    private static Thread thread(String name, AtomicReference<Exception> failure, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
