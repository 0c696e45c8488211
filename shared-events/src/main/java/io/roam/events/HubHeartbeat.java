package io.roam.events;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * About one a second from each hub, in place of relaying every cluster's own heartbeat: it carries
 * the heartbeats the hub heard since its last one, each once. On the hub's mesh, its own spokes';
 * on its feed, those and its peers'. Never stored; takes no sequence number; the origin is the hub.
 */
public record HubHeartbeat(String hub, long hlc, List<Beat> beats) implements RoamingEvent {

    public HubHeartbeat {
        beats = beats == null ? List.of() : List.copyOf(beats);
    }

    /**
     * One cluster's heartbeat as it sent it, and how long hubs held it before passing it on: a
     * duration on each hub's own clock, so no hub's clock skews it. A receiver reads it as the
     * cluster's heartbeat sent {@code heldMillis} later, so that holding counts as neither delay
     * nor skew.
     */
    public record Beat(String cluster, long lastSequence, long wallTimeMillis, long hlc, long heldMillis,
                       Map<String, Long> apparentDelays) {

        public Beat {
            if (!TopicPolicy.isValidId(cluster)) {
                throw new IllegalArgumentException("not a cluster id: " + cluster);
            }
            if (heldMillis < 0) {
                throw new IllegalArgumentException("held for " + heldMillis + " ms");
            }
            apparentDelays = apparentDelays == null ? Map.of() : Map.copyOf(apparentDelays);
        }

        public static Beat of(ClusterHeartbeat heartbeat) {
            return new Beat(heartbeat.cluster(), heartbeat.lastSequence(), heartbeat.wallTimeMillis(), heartbeat.hlc(), 0,
                    heartbeat.apparentDelays());
        }

        public Beat heldFor(long millis) {
            return new Beat(cluster, lastSequence, wallTimeMillis, hlc, heldMillis + Math.max(0, millis), apparentDelays);
        }

        /** Only what these clusters need: each reads its own entry of every peer's delays. */
        public Beat withDelaysOf(Collection<String> clusters) {
            return new Beat(cluster, lastSequence, wallTimeMillis, hlc, heldMillis, apparentDelays.entrySet().stream()
                    .filter(delay -> clusters.contains(delay.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }

        /** The cluster's own heartbeat, as if it had been sent when the last hub passed it on. */
        public ClusterHeartbeat asSentAfterHolding() {
            return new ClusterHeartbeat(cluster, lastSequence, wallTimeMillis + heldMillis, hlc, apparentDelays);
        }
    }
}
