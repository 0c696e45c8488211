package io.roam.hub.relay;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the relay thread last reported about itself. Immutable: the relay thread alone touches the
 * Kafka clients, and publishes one of these about once a second for the HTTP and metrics threads.
 *
 * @param active  the instance has input partitions assigned (the others of the same hub stand by)
 * @param backlog per input topic, records not yet relayed
 */
public record RelayStatus(State state, boolean active, SortedSet<String> peers, Map<String, String> members,
                          Map<String, Long> backlog, String lastError, Instant since) {

    public enum State {
        /** Creating topics and clients. */
        STARTING,
        RUNNING,
        /** A retriable failure (broker down, timeout): the loop backs off and tries again. */
        RETRYING,
        /** A fatal failure: this instance relays nothing more. */
        FAILED,
        STOPPED
    }

    public RelayStatus {
        peers = Collections.unmodifiableSortedSet(new TreeSet<>(peers));
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        backlog = Collections.unmodifiableSortedMap(new TreeMap<>(backlog));
    }

    public static RelayStatus starting(Map<String, String> members) {
        return new RelayStatus(State.STARTING, false, new TreeSet<>(), members, Map.of(), null, Instant.now());
    }
}
