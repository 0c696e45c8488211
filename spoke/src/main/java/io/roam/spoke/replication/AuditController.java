package io.roam.spoke.replication;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Proof of exactly-once from the store itself: for every origin, the facts stored against the
 * sequence reached. Facts live in {@code foreign_fact}; a store written before that table existed
 * also holds them in Axon's event table, as events of an aggregate "origin:&lt;cluster&gt;". Applied exactly once means {@code stored == lastSeq == maxSeq} and
 * {@code minSeq == 1}: no copy, no hole.
 */
@RestController
public class AuditController {

    private final JdbcTemplate jdbc;

    public AuditController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record OriginAudit(String origin, long lastSeq, long stored, long minSeq, long maxSeq, boolean exactlyOnce) {
    }

    public record Audit(List<OriginAudit> origins, long outboxEvents, long outboxMaxSeq, boolean exactlyOnce) {
    }

    @GetMapping("/api/v1/admin/replication/audit")
    Audit audit() {
        List<OriginAudit> origins = jdbc.query("""
                SELECT p.origin, p.last_seq, COUNT(f.seq), COALESCE(MIN(f.seq), 0), COALESCE(MAX(f.seq), 0)
                FROM origin_position p
                LEFT JOIN (SELECT origin, seq FROM foreign_fact
                           UNION ALL
                           SELECT SUBSTRING(aggregate_identifier, 8), sequence_number + 1 FROM domain_event_entry
                           WHERE type = 'Origin') f ON f.origin = p.origin
                GROUP BY p.origin, p.last_seq ORDER BY p.origin""",
                (rs, i) -> {
                    long lastSeq = rs.getLong(2);
                    long stored = rs.getLong(3);
                    long min = rs.getLong(4);
                    long max = rs.getLong(5);
                    return new OriginAudit(rs.getString(1), lastSeq, stored, min, max,
                            stored == lastSeq && max == lastSeq && (stored == 0 || min == 1));
                });
        // One statement, one snapshot: read apart, a row numbered in between would look like a hole.
        long[] outbox = jdbc.queryForObject("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM outbox",
                (rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)});
        boolean all = origins.stream().allMatch(OriginAudit::exactlyOnce) && outbox[0] == outbox[1];
        return new Audit(origins, outbox[0], outbox[1], all);
    }
}
