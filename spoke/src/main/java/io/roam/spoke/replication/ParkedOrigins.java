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
     * Each origin's parked events, in order, up to the first one still not understood, which keeps
     * the rest parked; an origin whose events are all understood is parked no longer.
     */
    List<InboundStore.Retry> understood() {
        List<InboundStore.Retry> retry = new ArrayList<>();
        for (String origin : List.copyOf(origins)) {
            List<InboundStore.Retry> lot = store.parkedOf(origin);
            int understood = 0;
            while (understood < lot.size() && decodable(lot.get(understood).payload())) {
                understood++;
            }
            retry.addAll(lot.subList(0, understood));
            if (understood == lot.size()) {
                origins.remove(origin);
            }
        }
        return retry;
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
