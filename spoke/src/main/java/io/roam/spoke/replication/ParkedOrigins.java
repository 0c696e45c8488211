package io.roam.spoke.replication;

import io.roam.events.EventCodec;
import io.roam.events.UndecodableRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Origins whose stream waits behind a parked event of a newer schema, and which of their parked events are understood now. */
final class ParkedOrigins {

    private final Set<String> origins = new HashSet<>();
    private final InboundStore store;
    private final EventCodec codec;

    ParkedOrigins(InboundStore store, EventCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The origins parked when the last run stopped. */
    void restore() {
        origins.addAll(store.parkedOrigins());
    }

    void park(String origin) {
        origins.add(origin);
    }

    boolean isParked(String origin) {
        return origins.contains(origin);
    }

    /**
     * What a retry takes out: each origin's parked events, in order, up to the first one still not
     * understood, which keeps the rest parked; and the origins all of whose events are understood.
     */
    record Understood(List<InboundStore.Retry> events, Set<String> cleared) {
    }

    /** Changes nothing: an origin is parked until its retry has committed ({@link #unpark}). */
    Understood understood() {
        List<InboundStore.Retry> retry = new ArrayList<>();
        Set<String> cleared = new HashSet<>();
        for (String origin : origins) {
            List<InboundStore.Retry> lot = store.parkedOf(origin);
            int understood = 0;
            while (understood < lot.size() && decodable(lot.get(understood).payload())) {
                understood++;
            }
            retry.addAll(lot.subList(0, understood));
            if (understood == lot.size()) {
                cleared.add(origin);
            }
        }
        return new Understood(retry, cleared);
    }

    /** Origins whose parked events have all been retried, in a transaction that committed. */
    void unpark(Set<String> cleared) {
        origins.removeAll(cleared);
    }

    private boolean decodable(byte[] value) {
        try {
            codec.decode(value);
            return true;
        } catch (UndecodableRecord e) {
            return false;
        }
    }
}
