package io.roam.spoke.replication;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** The SQL of the outbox: numbered envelopes of this spoke's own events, and how far the broker acknowledged them. */
@Component
class OutboxStore {

    /** One numbered, encoded envelope. */
    record Row(long seq, String eventId, byte[] envelope) {
    }

    private final JdbcTemplate jdbc;

    OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long lastSeq() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM outbox", Long.class);
    }

    /** Joins the caller's transaction: the rows commit or roll back with the events they number. */
    void insert(List<Row> rows) {
        long now = System.currentTimeMillis();
        jdbc.batchUpdate("INSERT INTO outbox (seq, event_id, envelope, created_at) VALUES (?, ?, ?, ?)", rows, rows.size(),
                (ps, row) -> {
                    ps.setLong(1, row.seq());
                    ps.setString(2, row.eventId());
                    ps.setBytes(3, row.envelope());
                    ps.setLong(4, now);
                });
    }

    /** Own history a full sync brought back, numbered as it was: the broker already has it. */
    void restore(List<Row> rows) {
        long now = System.currentTimeMillis();
        jdbc.batchUpdate("MERGE INTO outbox (seq, event_id, envelope, created_at) KEY (seq) VALUES (?, ?, ?, ?)", rows,
                rows.size(), (ps, row) -> {
                    ps.setLong(1, row.seq());
                    ps.setString(2, row.eventId());
                    ps.setBytes(3, row.envelope());
                    ps.setLong(4, now);
                });
        storeAcked(rows.get(rows.size() - 1).seq());
    }

    List<Row> after(long seq, int limit) {
        return jdbc.query("SELECT seq, event_id, envelope FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3)), seq, limit);
    }

    /** When the event numbered {@code seq} was stored, if the outbox holds it. */
    Optional<Long> storedAt(long seq) {
        return jdbc.query("SELECT created_at FROM outbox WHERE seq = ?", (rs, i) -> rs.getLong(1), seq).stream().findFirst();
    }

    long acked() {
        return jdbc.queryForObject("SELECT COALESCE(MAX(acked_seq), 0) FROM publisher_position", Long.class);
    }

    void storeAcked(long seq) {
        jdbc.update("MERGE INTO publisher_position KEY (id) VALUES (1, ?)", seq);
    }
}
