package io.roam.spoke.eventstore;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * The SQL of the spoke-local change sequence: which number each of Axon's events has, the
 * foreign facts, and both read back in number order for the replay. Axon's event table exists
 * once JPA has started, hence the dependency.
 */
@Component
@DependsOn("entityManagerFactory")
public class FactStore implements StorePages.Source, InitializingBean {

    /**
     * Spoke-local event classes that moved to another package, by their earlier name. Axon stores
     * an event under its class's name, so a store written before a move is renamed once, before
     * anything reads it.
     */
    static final Map<String, String> MOVED_EVENT_TYPES = Map.of(
            "io.roam.spoke.provisioning.CredentialsRecorded", "io.roam.spoke.credentials.CredentialsRecorded");

    /** A fact read from the network, as it came: the envelope's bytes. */
    public record ForeignFact(String origin, long seq, byte[] envelope) {
    }

    /** An event of Axon's store, serialized as Axon stored it. */
    record LocalRow(long changeSeq, String identifier, String type, String revision, byte[] payload) {
    }

    record ForeignRow(long changeSeq, byte[] envelope) {
    }

    private final JdbcTemplate jdbc;

    public FactStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        MOVED_EVENT_TYPES.forEach(this::renameEventType);
    }

    private void renameEventType(String from, String to) {
        Integer done = jdbc.queryForObject("SELECT COUNT(*) FROM renamed_event_type WHERE from_type = ?", Integer.class, from);
        if (done == 0) {
            jdbc.update("UPDATE domain_event_entry SET payload_type = ? WHERE payload_type = ?", to, from);
            jdbc.update("INSERT INTO renamed_event_type (from_type, to_type) VALUES (?, ?)", from, to);
        }
    }

    /** Numbers by global index the events of a store written before local_order existed; a no-op afterwards. */
    void numberUnorderedEvents() {
        jdbc.update("INSERT INTO local_order (change_seq, event_id) "
                + "SELECT global_index, event_identifier FROM domain_event_entry "
                + "WHERE NOT EXISTS (SELECT 1 FROM local_order) AND NOT EXISTS (SELECT 1 FROM foreign_fact)");
    }

    long lastChangeSeq() {
        return jdbc.queryForObject("SELECT GREATEST((SELECT COALESCE(MAX(change_seq), 0) FROM local_order), "
                + "(SELECT COALESCE(MAX(change_seq), 0) FROM foreign_fact))", Long.class);
    }

    /** Joins the caller's transaction. */
    void order(long first, List<String> eventIds) {
        long[] next = {first};
        jdbc.batchUpdate("INSERT INTO local_order (change_seq, event_id) VALUES (?, ?)", eventIds, eventIds.size(),
                (ps, id) -> {
                    ps.setLong(1, next[0]++);
                    ps.setString(2, id);
                });
    }

    /** Joins the caller's transaction; a second copy of an (origin, seq) is refused by the store itself. */
    public void insertForeign(long first, List<ForeignFact> facts) {
        long[] next = {first};
        jdbc.batchUpdate("INSERT INTO foreign_fact (change_seq, origin, seq, envelope) VALUES (?, ?, ?, ?)", facts,
                facts.size(), (ps, fact) -> {
                    ps.setLong(1, next[0]++);
                    ps.setString(2, fact.origin());
                    ps.setLong(3, fact.seq());
                    ps.setBytes(4, fact.envelope());
                });
    }

    @Override
    public List<LocalRow> localAfter(long changeSeq, int limit) {
        return jdbc.query("SELECT o.change_seq, e.event_identifier, e.payload_type, e.payload_revision, e.payload "
                        + "FROM local_order o JOIN domain_event_entry e ON e.event_identifier = o.event_id "
                        + "WHERE o.change_seq > ? ORDER BY o.change_seq LIMIT ?",
                (rs, i) -> new LocalRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5)),
                changeSeq, limit);
    }

    @Override
    public List<ForeignRow> foreignAfter(long changeSeq, int limit) {
        return jdbc.query("SELECT change_seq, envelope FROM foreign_fact WHERE change_seq > ? ORDER BY change_seq LIMIT ?",
                (rs, i) -> new ForeignRow(rs.getLong(1), rs.getBytes(2)), changeSeq, limit);
    }
}
