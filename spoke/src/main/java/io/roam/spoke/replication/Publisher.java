package io.roam.spoke.replication;

import io.roam.events.ClusterHeartbeat;
import io.roam.events.EventCodec;
import io.roam.events.Envelope;
import io.roam.events.HybridLogicalClock;
import io.roam.events.TopicPolicy;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends this spoke's numbered events, in sequence order, to its outbound topic; at least once,
 * so a crash between send and acknowledgement only repeats events that receivers drop by
 * sequence. Between events it sends a heartbeat about once a second, with the delays this spoke
 * measured from each peer, so that peers can tell their clock offset from transport delay.
 *
 * <p>Committed events arrive from the {@link Outbox} in memory; the outbox table is read only
 * for what memory does not hold: after a start, after a failed send, and when the queue was
 * full. The acknowledged position is stored at most once a second or when idle: a position
 * stored late only repeats events after a crash.
 */
@Component
public class Publisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    private static final int BATCH = 500;
    private static final long POSITION_EVERY_MILLIS = 1000;
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final OutboxStore store;
    private final EventCodec codec;
    private final KafkaSettings kafka;
    private final HybridLogicalClock clock;
    private final OriginTracker origins;
    private final String cluster;
    private final String topic;
    private final long heartbeatMillis;
    private final CommittedEvents committed;
    private final FullSync fullSync;
    private final WorkerThread worker;
    /** The store's last own number at start: the first number given since is the one after it. */
    private long storedAtStart;
    private boolean numbersChecked;
    private volatile long ackedSeq;
    private volatile OldestUnpublished oldest;
    private long storedSeq;
    private long storedAt;
    private long nextHeartbeat;
    private volatile boolean connected;
    private KafkaProducer<String, byte[]> producer;

    public Publisher(OutboxStore store, CommittedEvents committed, FullSync fullSync, EventCodec codec,
                     KafkaSettings kafka, HybridLogicalClock clock, OriginTracker origins, LocalCluster cluster,
                     SpokeProperties properties) {
        this.store = store;
        this.committed = committed;
        this.fullSync = fullSync;
        this.codec = codec;
        this.kafka = kafka;
        this.clock = clock;
        this.origins = origins;
        this.cluster = cluster.id();
        this.topic = TopicPolicy.spokeOutbound(cluster.id());
        this.heartbeatMillis = properties.replication().heartbeatInterval().toMillis();
        this.worker = new WorkerThread("publisher", this::run, committed::wakeUp);
    }

    /** Own events committed that the broker has not acknowledged yet. */
    public long unpublished() {
        return Math.max(0, committed.lastSeq() - ackedSeq);
    }

    /**
     * How long the oldest own event the broker has not acknowledged has waited since it was
     * stored; zero when there is none. Read from the outbox once per acknowledged position.
     */
    public Duration oldestUnpublishedAge() {
        long acked = ackedSeq;
        if (committed.lastSeq() <= acked) {
            return Duration.ZERO;
        }
        OldestUnpublished known = oldest;
        if (known == null || known.after != acked) {
            known = new OldestUnpublished(acked, store.storedAt(acked + 1).orElse(System.currentTimeMillis()));
            oldest = known;
        }
        return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - known.storedAt));
    }

    private record OldestUnpublished(long after, long storedAt) {
    }

    public long ackedSeq() {
        return ackedSeq;
    }

    public boolean connected() {
        return connected;
    }

    @Override
    public void start() {
        ackedSeq = store.acked();
        storedSeq = ackedSeq;
        storedAtStart = store.lastSeq();
        committed.committedBefore(storedAtStart);
        worker.start();
    }

    @Override
    public void stop() {
        // Without a broker nothing is in flight: no reason to sit out its connect attempt.
        worker.stop(Duration.ofMillis(connected ? 5000 : 1));
    }

    @Override
    public boolean isRunning() {
        return !worker.stopping();
    }

    /** After {@link FullSyncAtStart}, which may restore this spoke's own sequence first. */
    @Override
    public int getPhase() {
        return 1;
    }

    private void run() {
        while (!worker.stopping()) {
            try {
                if (producer == null) {
                    TopicSetup.ensure(kafka, List.of(topic));
                    checkNumbersAreNew();
                    producer = newProducer();
                }
                List<OutboxStore.Row> batch = nextBatch();
                if (!batch.isEmpty()) {
                    send(batch);
                }
                heartbeatIfDue();
                connected = true;
                storePosition(batch.isEmpty());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                connected = false;
                log.warn("publishing to {} failed, resending from the outbox: {}", topic, e.toString());
                closeProducer(Duration.ZERO);
                worker.pause(PAUSE);
            }
        }
        closeProducer(Duration.ofSeconds(2));
        try {
            storePosition(true);
        } catch (RuntimeException e) {
            log.warn("could not store the publisher's position at stop: {}", e.toString());
        }
    }

    /** The rows after the acknowledged position, from memory when it holds them; waits until a heartbeat is due. */
    private List<OutboxStore.Row> nextBatch() throws InterruptedException {
        if (!worker.stopping()) {
            committed.await(ackedSeq, nextHeartbeat - System.currentTimeMillis());
        }
        List<OutboxStore.Row> batch = committed.takeAfter(ackedSeq, BATCH);
        if (batch.isEmpty() && committed.lastSeq() > ackedSeq) {
            return store.after(ackedSeq, BATCH);
        }
        return batch;
    }

    private void send(List<OutboxStore.Row> batch) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (OutboxStore.Row row : batch) {
            acks.add(producer.send(new ProducerRecord<>(topic, cluster, row.envelope())));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the broker did not acknowledge", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for acknowledgements", e);
            }
        }
        long last = batch.get(batch.size() - 1).seq();
        ackedSeq = last;
    }

    /**
     * Once per start, before anything is sent, unless the start already checked it: the topic must
     * not hold own numbers the store did not have at start. It does when the store lost its tail
     * while the broker could not be asked at start; the numbers given since then are already taken,
     * and sending them would have peers drop them as duplicates. Nothing is sent until a restart
     * takes the tail back.
     */
    private void checkNumbersAreNew() {
        if (numbersChecked || fullSync.ownTopicChecked()) {
            return;
        }
        long published = fullSync.ownTopicHighSequence(Duration.ofSeconds(10));
        if (published > storedAtStart) {
            throw new IllegalStateException("the outbound topic has own events up to " + published
                    + " but the store ended at " + storedAtStart + " when this spoke started: restart it while the "
                    + "broker answers, so that it takes them back; nothing is published until then");
        }
        numbersChecked = true;
    }

    private void heartbeatIfDue() {
        long now = System.currentTimeMillis();
        if (now >= nextHeartbeat) {
            ClusterHeartbeat heartbeat = new ClusterHeartbeat(cluster, ackedSeq, now, clock.tick(), origins.apparentDelays());
            producer.send(new ProducerRecord<>(topic, cluster, codec.encode(Envelope.heartbeat(heartbeat))));
            nextHeartbeat = now + heartbeatMillis;
        }
    }

    private void storePosition(boolean idle) {
        long acked = ackedSeq;
        if (acked > storedSeq && (idle || System.currentTimeMillis() - storedAt >= POSITION_EVERY_MILLIS)) {
            store.storeAcked(acked);
            storedSeq = acked;
            storedAt = System.currentTimeMillis();
        }
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> props = kafka.common();
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("linger.ms", 0);
        props.put("max.block.ms", 5000);
        props.put("delivery.timeout.ms", 30000);
        props.put("request.timeout.ms", 10000);
        props.put("client.id", "spoke-" + cluster + "-publisher");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
