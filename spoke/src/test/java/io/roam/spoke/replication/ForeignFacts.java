package io.roam.spoke.replication;

import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.events.RoamingEvent;
import io.roam.events.UserProvisioned;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What other clusters state, as the applier's tests hand it over, and where the applier got to. */
final class ForeignFacts {

    private ForeignFacts() {
    }

    static UserProvisioned provisioned(String userId, String home, String dn) {
        return provisioned(userId, home, dn, 10L);
    }

    static UserProvisioned provisioned(String userId, String home, String dn, long hlc) {
        return new UserProvisioned(userId, home, List.of(dn), false, null, null, hlc);
    }

    static Envelope envelope(String origin, long seq, RoamingEvent payload) {
        return Envelope.of(UUID.randomUUID().toString(), origin, seq, payload);
    }

    /** The envelopes as one poll of the hub's feed, at consecutive offsets from {@code firstOffset}. */
    static List<ConsumerRecord<String, byte[]>> polled(EventCodec codec, String topic, long firstOffset,
                                                       Envelope... envelopes) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (Envelope e : envelopes) {
            records.add(new ConsumerRecord<>(topic, 0, firstOffset + records.size(), e.origin(), codec.encode(e)));
        }
        return records;
    }

    /** The (origin, sequence) the applier reached. */
    static long position(JdbcTemplate jdbc, String origin) {
        return jdbc.queryForObject("SELECT last_seq FROM origin_position WHERE origin = ?", Long.class, origin);
    }
}
