package io.roam.hub.relay;

import io.roam.events.HubHeartbeat;
import io.roam.hub.membership.ClusterMembership;

import java.util.List;
import java.util.Optional;

/** What the hub does with one input record. */
public sealed interface Route {

    /**
     * Relay the record unchanged to {@code destinations}; {@code learned} is a peer's cluster
     * that announced itself with this record.
     */
    record Forward(String origin, List<String> destinations, Optional<ClusterMembership> learned) implements Route {
        public Forward {
            destinations = List.copyOf(destinations);
        }
    }

    /**
     * Heartbeats to pass on in the hub's own next heartbeat rather than one by one: an own
     * spoke's, or those a peer hub's heartbeat carried. {@code via} is that spoke or peer.
     */
    record Beats(String via, List<HubHeartbeat.Beat> beats) implements Route {
        public Beats {
            beats = List.copyOf(beats);
        }
    }

    record DeadLetter(DeadLetterReason reason, String detail) implements Route {
        /** The {@code roam-dlq-reason} header, e.g. "FORGED_ORIGIN: origin cluster-9 on ils.spoke.cluster-1.out". */
        public String describe() {
            return reason + ": " + detail;
        }
    }
}
