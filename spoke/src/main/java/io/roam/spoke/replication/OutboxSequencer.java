package io.roam.spoke.replication;

import io.roam.events.EventCodec;
import io.roam.events.Envelope;
import io.roam.events.RoamingEvent;
import io.roam.spoke.LocalCluster;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gives every local wire event its dense origin sequence number (1, 2, 3 …) and puts it in the
 * outbox, in the same transaction as the processor's token. Axon's global index has gaps and
 * commits out of order; the origin sequence must have neither, so it is assigned here, once,
 * by a single-segment tracking processor, and never reassigned.
 */
@Component
@ProcessingGroup(OutboxSequencer.PROCESSING_GROUP)
public class OutboxSequencer {

    public static final String PROCESSING_GROUP = "outbox";

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final String cluster;
    private final Publisher publisher;

    public OutboxSequencer(JdbcTemplate jdbc, EventCodec codec, LocalCluster cluster, Publisher publisher) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.cluster = cluster.id();
        this.publisher = publisher;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        if (!(payload instanceof RoamingEvent event) || InboundApplier.isRemote(message)) {
            return;
        }
        Integer already = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE event_id = ?", Integer.class,
                message.getIdentifier());
        if (already != null && already > 0) {
            return;
        }
        long seq = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox", Long.class);
        Envelope envelope = Envelope.of(message.getIdentifier(), cluster, seq, event);
        jdbc.update("INSERT INTO outbox (seq, event_id, envelope, created_at) VALUES (?, ?, ?, ?)",
                seq, message.getIdentifier(), codec.encode(envelope), System.currentTimeMillis());
        CurrentUnitOfWork.get().afterCommit(uow -> publisher.sequenced(seq));
    }
}
