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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends the outbox, in sequence order, to this spoke's outbound topic; at least once, so a
 * crash between send and acknowledgement only repeats events that receivers drop by sequence.
 * Between events it sends a heartbeat about once a second.
 *
 * <p>The acknowledged position is stored at most once a second, or when the outbox is drained:
 * each store is a disk sync that the logins' commits would otherwise queue behind, and a
 * position stored late only repeats events after a crash.
 */
@Component
public class Publisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    private static final int BATCH = 500;
    private static final long POSITION_EVERY_MILLIS = 1000;

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final KafkaSettings kafka;
    private final HybridLogicalClock clock;
    private final String cluster;
    private final String topic;
    private final long heartbeatMillis;
    private final Object signal = new Object();
    private volatile long ackedSeq;
    private long storedSeq;
    private long storedAt;
    private volatile long sequencedSeq;
    private volatile boolean running;
    private volatile boolean connected;
    private Thread thread;

    public Publisher(JdbcTemplate jdbc, EventCodec codec, KafkaSettings kafka, HybridLogicalClock clock,
                     LocalCluster cluster, SpokeProperties properties) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.kafka = kafka;
        this.clock = clock;
        this.cluster = cluster.id();
        this.topic = TopicPolicy.spokeOutbound(cluster.id());
        this.heartbeatMillis = properties.replication().heartbeatInterval().toMillis();
    }

    /** Called after a sequenced event committed: there is work. */
    void sequenced(long seq) {
        synchronized (signal) {
            sequencedSeq = Math.max(sequencedSeq, seq);
            signal.notifyAll();
        }
    }

    public long unpublished() {
        return Math.max(0, sequencedSeq - ackedSeq);
    }

    public long ackedSeq() {
        return ackedSeq;
    }

    public boolean connected() {
        return connected;
    }

    @Override
    public void start() {
        ackedSeq = jdbc.queryForObject("SELECT COALESCE(MAX(acked_seq), 0) FROM publisher_position", Long.class);
        storedSeq = ackedSeq;
        sequencedSeq = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM outbox", Long.class);
        running = true;
        thread = new Thread(this::run, "publisher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        KafkaProducer<String, byte[]> producer = null;
        long nextHeartbeat = 0;
        while (running) {
            try {
                if (producer == null) {
                    TopicSetup.ensure(kafka, List.of(topic, TopicPolicy.spokeInbound(cluster)));
                    producer = newProducer();
                }
                boolean sentEvents = sendBatch(producer);
                long now = System.currentTimeMillis();
                if (now >= nextHeartbeat) {
                    ClusterHeartbeat heartbeat = new ClusterHeartbeat(cluster, ackedSeq, now, clock.tick());
                    producer.send(new ProducerRecord<>(topic, cluster, codec.encode(Envelope.heartbeat(heartbeat))));
                    nextHeartbeat = now + heartbeatMillis;
                }
                connected = true;
                if (!sentEvents) {
                    storePosition();
                    awaitWork(Math.max(1, nextHeartbeat - System.currentTimeMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                connected = false;
                log.warn("publishing to {} failed, retrying: {}", topic, e.toString());
                if (producer != null) {
                    producer.close(java.time.Duration.ZERO);
                    producer = null;
                }
                try {
                    awaitWork(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
        try {
            storePosition();
        } catch (RuntimeException e) {
            log.warn("could not store the publisher's position at stop: {}", e.toString());
        }
    }

    private boolean sendBatch(KafkaProducer<String, byte[]> producer) throws InterruptedException {
        List<byte[]> envelopes = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        jdbc.query("SELECT seq, envelope FROM outbox WHERE seq > ? ORDER BY seq LIMIT " + BATCH, rs -> {
            seqs.add(rs.getLong(1));
            envelopes.add(rs.getBytes(2));
        }, ackedSeq);
        if (seqs.isEmpty()) {
            return false;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(seqs.size());
        for (byte[] envelope : envelopes) {
            acks.add(producer.send(new ProducerRecord<>(topic, cluster, envelope)));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("broker did not acknowledge", e);
            }
        }
        long last = seqs.get(seqs.size() - 1);
        ackedSeq = last;
        sequencedSeq = Math.max(sequencedSeq, last);
        if (System.currentTimeMillis() - storedAt >= POSITION_EVERY_MILLIS) {
            storePosition();
        }
        return true;
    }

    private void storePosition() {
        long acked = ackedSeq;
        if (acked > storedSeq) {
            jdbc.update("MERGE INTO publisher_position KEY (id) VALUES (1, ?)", acked);
            storedSeq = acked;
            storedAt = System.currentTimeMillis();
        }
    }

    private void awaitWork(long millis) throws InterruptedException {
        synchronized (signal) {
            if (running && sequencedSeq <= ackedSeq) {
                signal.wait(millis);
            }
        }
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> props = kafka.common();
        props.put("acks", "all");
        props.put("enable.idempotence", true);
        props.put("linger.ms", 1);
        props.put("max.block.ms", 5000);
        props.put("delivery.timeout.ms", 30000);
        props.put("request.timeout.ms", 10000);
        props.put("client.id", "spoke-" + cluster + "-publisher");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** After {@link FullSyncAtStart}, which may restore this spoke's own sequence first. */
    @Override
    public int getPhase() {
        return 1;
    }
}
