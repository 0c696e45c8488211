package io.roam.scenarios.simulation;

import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.events.HybridLogicalClock;
import io.roam.events.UserProvisioned;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Valid events of a cluster that does not exist, written straight to a spoke's hub's feed as
 * the hub would relay them: the fastest way to give a spoke a backlog or a big store. Each is a
 * superuser defined at the fake origin with one DN of its own and a PIN hash of bcrypt's real
 * length (every spoke keeps superusers' hashes, so the memory figure must count them at full size);
 * sequences are dense per origin.
 */
public final class ForeignEvents implements AutoCloseable {

    public static final String ORIGIN = "bench-origin";
    private static final long FIRST_DN = 80_000_000L;
    /** PIN 1234 at bcrypt cost 4. */
    private static final String PIN_HASH = "$2a$04$d3WGAb7wwlNcEbiZk3s7KeDS6.obHX7Fu40bymy38JXdz/dCufuiq";

    private final String topic;
    private final EventCodec codec = new EventCodec();
    private final HybridLogicalClock clock = HybridLogicalClock.systemClock();
    private final KafkaProducer<String, byte[]> producer;
    private long lastSeq;

    /** @param lastSeq the origin's last sequence the spoke has, 0 for none */
    public ForeignEvents(String bootstrapServers, String topic, long lastSeq) {
        this.topic = topic;
        this.lastSeq = lastSeq;
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("acks", "all");
        config.put("linger.ms", 20);
        config.put("batch.size", 256 * 1024);
        config.put("buffer.memory", 32L * 1024 * 1024);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Writes the next {@code count} events and waits until the broker has them all. */
    public void write(long count) {
        for (long i = 0; i < count; i++) {
            long seq = ++lastSeq;
            long hlc = clock.tick();
            UserProvisioned user = new UserProvisioned("bo-" + seq, ORIGIN, List.of(Long.toString(FIRST_DN + seq)),
                    true, null, PIN_HASH, hlc);
            producer.send(new ProducerRecord<>(topic, ORIGIN,
                    codec.encode(Envelope.of(UUID.randomUUID().toString(), ORIGIN, seq, hlc, user))));
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
