package io.roam.hub.relay;

import io.roam.events.TopicPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The records a hub writes: an input record's relayed copies or its dead letter, and the hub's own. */
public final class RelayRecords {

    /** Added by every hub a record passes through, so a record on a hub's feed shows its path. */
    public static final String RELAYED_BY = "roam-relayed-by";
    public static final String DLQ_REASON = "roam-dlq-reason";
    public static final String DLQ_SOURCE_TOPIC = "roam-dlq-source-topic";
    public static final String DLQ_SOURCE_PARTITION = "roam-dlq-source-partition";
    public static final String DLQ_SOURCE_OFFSET = "roam-dlq-source-offset";
    public static final String DLQ_DETECTED_BY = "roam-dlq-detected-by";

    private RelayRecords() {
    }

    /**
     * The value is relayed byte for byte (a hub forwards schema versions it does not know); the key
     * is the origin, so one origin's events stay in order even on topics with more partitions.
     */
    public static List<ProducerRecord<byte[], byte[]>> forwarded(ConsumerRecord<byte[], byte[]> source, Route.Forward forward, String hubId) {
        byte[] key = utf8(forward.origin());
        return forward.destinations().stream()
                .map(destination -> {
                    Headers headers = new RecordHeaders(source.headers().toArray());
                    headers.add(RELAYED_BY, utf8(hubId));
                    return new ProducerRecord<>(destination, null, key, source.value(), headers);
                })
                .toList();
    }

    /** A record the hub states itself, such as its heartbeat: keyed and marked by the hub. */
    public static ProducerRecord<byte[], byte[]> own(String topic, String hubId, byte[] value) {
        Headers headers = new RecordHeaders();
        headers.add(RELAYED_BY, utf8(hubId));
        return new ProducerRecord<>(topic, null, utf8(hubId), value, headers);
    }

    /** Keeps the original bytes, so the record can be replayed once whatever was wrong is fixed. */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, Route.DeadLetter deadLetter, String hubId) {
        Headers headers = new RecordHeaders(source.headers().toArray());
        headers.add(DLQ_REASON, utf8(deadLetter.describe()));
        headers.add(DLQ_SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DLQ_SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DLQ_SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        headers.add(DLQ_DETECTED_BY, utf8(hubId));
        return new ProducerRecord<>(TopicPolicy.DEAD_LETTERS, null, source.key(), source.value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
