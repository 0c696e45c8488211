package io.roam.hub.relay;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static io.roam.hub.Envelopes.loggedIn;
import static io.roam.hub.Envelopes.text;
import static org.assertj.core.api.Assertions.assertThat;

class RelayRecordsTest {

    private final byte[] value = loggedIn("cluster-3");
    private final ConsumerRecord<byte[], byte[]> fromHubB = new ConsumerRecord<>("ils.hub.hub-b.mesh", 0, 41L, 0L,
            TimestampType.CREATE_TIME, 0, value.length, text("cluster-3"), value,
            new RecordHeaders().add("roam-relayed-by", text("hub-b")).add("trace", text("t-1")), Optional.empty());

    @Test
    void relayed_copies_keep_the_bytes_and_headers_are_keyed_by_origin_and_name_every_hub_passed() {
        Route.Forward forward = new Route.Forward("cluster-3", List.of("ils.spoke.cluster-1.in", "ils.spoke.cluster-2.in"), Optional.empty());

        List<ProducerRecord<byte[], byte[]>> copies = RelayRecords.forwarded(fromHubB, forward, "hub-a");

        assertThat(copies).extracting(ProducerRecord::topic).containsExactly("ils.spoke.cluster-1.in", "ils.spoke.cluster-2.in");
        assertThat(copies).allSatisfy(copy -> {
            assertThat(copy.value()).isSameAs(value);
            assertThat(copy.key()).isEqualTo(text("cluster-3"));
            assertThat(copy.partition()).isNull();
            assertThat(headerValues(copy, "roam-relayed-by")).containsExactly("hub-b", "hub-a");
            assertThat(headerValues(copy, "trace")).containsExactly("t-1");
        });
        assertThat(copies.get(0).headers()).isNotSameAs(copies.get(1).headers());
    }

    @Test
    void a_dead_letter_keeps_the_original_bytes_and_says_why_where_from_and_who_refused_it() {
        Route.DeadLetter deadLetter = new Route.DeadLetter(DeadLetterReason.FORGED_ORIGIN, "origin cluster-3 belongs to hub-c");

        ProducerRecord<byte[], byte[]> letter = RelayRecords.deadLetter(fromHubB, deadLetter, "hub-a");

        assertThat(letter.topic()).isEqualTo("ils.dead-letters");
        assertThat(letter.value()).isSameAs(value);
        assertThat(headerValues(letter, "roam-dlq-reason")).containsExactly("FORGED_ORIGIN: origin cluster-3 belongs to hub-c");
        assertThat(headerValues(letter, "roam-dlq-source-topic")).containsExactly("ils.hub.hub-b.mesh");
        assertThat(headerValues(letter, "roam-dlq-source-partition")).containsExactly("0");
        assertThat(headerValues(letter, "roam-dlq-source-offset")).containsExactly("41");
        assertThat(headerValues(letter, "roam-dlq-detected-by")).containsExactly("hub-a");
    }

    private static List<String> headerValues(ProducerRecord<byte[], byte[]> record, String key) {
        return StreamSupport.stream(record.headers().headers(key).spliterator(), false)
                .map(Header::value)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .toList();
    }
}
