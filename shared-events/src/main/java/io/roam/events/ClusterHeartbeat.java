package io.roam.events;

import java.util.Map;

/**
 * About one a second per spoke; never stored and takes no sequence number. It lets receivers
 * see lag, staleness and clock offset while nobody logs in.
 *
 * <p>{@code apparentDelays} maps each peer the sender hears to the smallest apparent delay of
 * that peer's heartbeats it saw lately: its own receive time minus the peer's
 * {@code wallTimeMillis}, that is transport delay plus the sender's clock minus the peer's. The
 * peer sets it against its own measurement of the reverse direction, so that symmetric delay
 * cancels out of the clock offset. Older senders omit it; it is then empty.
 */
public record ClusterHeartbeat(String cluster, long lastSequence, long wallTimeMillis, long hlc,
                               Map<String, Long> apparentDelays) implements RoamingEvent {

    public ClusterHeartbeat {
        apparentDelays = apparentDelays == null ? Map.of() : Map.copyOf(apparentDelays);
    }

    /** A heartbeat that carries no delay measurements. */
    public ClusterHeartbeat(String cluster, long lastSequence, long wallTimeMillis, long hlc) {
        this(cluster, lastSequence, wallTimeMillis, hlc, Map.of());
    }
}
