package io.roam.spoke.replication;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * The SQL of the inbound side: the (origin, sequence) reached and the input offset, which are
 * written in the transaction that stores the facts, and the dead letters and the parking lot.
 */
@Component
class InboundStore {

    /** A record refused with its reason; {@code offset} is -1 for one that did not come from the topic. */
    record DeadLetter(long offset, byte[] payload, String reason) {
    }

    record Parked(String origin, long seq, String reason, byte[] payload) {
    }

    /** What one batch writes beside its facts. */
    record Bookkeeping(Map<String, Long> reached, String topic, int partition, Long nextOffset,
                       List<DeadLetter> deadLetters, List<Parked> parked, List<Long> resolvedDeadLetters,
                       List<Long> resolvedParked) {
    }

    /** A stored record taken back for another try. */
    record Retry(long id, long offset, byte[] payload) {
    }

    private final JdbcTemplate jdbc;

    InboundStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void originPositions(ObjLongConsumer<String> each) {
        jdbc.query("SELECT origin, last_seq FROM origin_position", rs -> {
            each.accept(rs.getString(1), rs.getLong(2));
        });
    }

    List<String> parkedOrigins() {
        return jdbc.queryForList("SELECT DISTINCT origin FROM parked", String.class);
    }

    long deadLetterCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter", Long.class);
    }

    long parkedCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM parked", Long.class);
    }

    /** Where reading the hub's feed goes on, and the id of the topic that offset belongs to (null if not known). */
    record InputPosition(long nextOffset, String topicId) {
    }

    Optional<InputPosition> inputPosition(String topic, int partition) {
        return jdbc.query("SELECT next_offset, topic_id FROM inbound_position WHERE topic = ? AND part = ?",
                (rs, i) -> new InputPosition(rs.getLong(1), rs.getString(2)), topic, partition).stream().findFirst();
    }

    /** The offsets from here on are the topic's with this id. */
    void startInput(String topic, int partition, InputPosition position) {
        jdbc.update("MERGE INTO inbound_position (topic, part, next_offset, topic_id) KEY (topic, part) VALUES (?, ?, ?, ?)",
                topic, partition, position.nextOffset(), position.topicId());
    }

    List<Retry> deadLetters() {
        return jdbc.query("SELECT id, record_offset, payload FROM dead_letter ORDER BY id",
                (rs, i) -> new Retry(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
    }

    List<Retry> parkedOf(String origin) {
        return jdbc.query("SELECT id, payload FROM parked WHERE origin = ? ORDER BY seq, id",
                (rs, i) -> new Retry(rs.getLong(1), -1, rs.getBytes(2)), origin);
    }

    /** Joins the caller's transaction. */
    void record(Bookkeeping b, long now) {
        if (!b.reached().isEmpty()) {
            jdbc.batchUpdate("MERGE INTO origin_position KEY (origin) VALUES (?, ?)", b.reached().entrySet(),
                    b.reached().size(), (ps, e) -> {
                        ps.setString(1, e.getKey());
                        ps.setLong(2, e.getValue());
                    });
        }
        if (b.nextOffset() != null) {
            jdbc.update("MERGE INTO inbound_position (topic, part, next_offset) KEY (topic, part) VALUES (?, ?, ?)",
                    b.topic(), b.partition(), b.nextOffset());
        }
        for (DeadLetter dl : b.deadLetters()) {
            jdbc.update("INSERT INTO dead_letter (topic, part, record_offset, reason, payload, detected_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", b.topic(), b.partition(), dl.offset(), truncate(dl.reason()),
                    dl.payload(), now);
        }
        for (Parked p : b.parked()) {
            jdbc.update("INSERT INTO parked (origin, seq, reason, payload, parked_at) VALUES (?, ?, ?, ?, ?)",
                    p.origin(), p.seq(), truncate(p.reason()), p.payload(), now);
        }
        b.resolvedDeadLetters().forEach(id -> jdbc.update("DELETE FROM dead_letter WHERE id = ?", id));
        b.resolvedParked().forEach(id -> jdbc.update("DELETE FROM parked WHERE id = ?", id));
    }

    private static String truncate(String reason) {
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }
}
