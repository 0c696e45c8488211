package io.roam.spoke.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Puts each origin's records in turn by sequence number: a record already reached is a duplicate,
 * one that arrives ahead of a gap is held until the gap closes, never skipping it.
 */
final class SequenceGaps<R> {

    private final Map<String, TreeMap<Long, R>> held = new HashMap<>();

    /** What became of an arriving record: dropped as a duplicate, or the records now in turn, in order (none if it was held). */
    record Arrival<R>(boolean duplicate, List<R> inTurn) {
    }

    /**
     * A record numbered {@code seq} arrives from {@code origin}, which has reached {@code last}. If it is
     * next, it is in turn with every held record that then follows without a gap; held records at or below
     * a number reached are dropped.
     */
    Arrival<R> arrive(String origin, long seq, long last, R record) {
        if (seq <= last) {
            return new Arrival<>(true, List.of());
        }
        if (seq > last + 1) {
            held.computeIfAbsent(origin, k -> new TreeMap<>()).put(seq, record);
            return new Arrival<>(false, List.of());
        }
        List<R> inTurn = new ArrayList<>();
        inTurn.add(record);
        TreeMap<Long, R> waiting = held.get(origin);
        long reached = seq;
        while (waiting != null && !waiting.isEmpty()) {
            waiting.headMap(reached + 1).clear();
            R next = waiting.remove(reached + 1);
            if (next == null) {
                break;
            }
            inTurn.add(next);
            reached++;
        }
        if (waiting != null && waiting.isEmpty()) {
            held.remove(origin);
        }
        return new Arrival<>(false, inTurn);
    }

    /** Every record held, of all origins. */
    Stream<R> held() {
        return held.values().stream().flatMap(m -> m.values().stream());
    }

    /** The records held for {@code origin}, in order; they are no longer held. */
    List<R> release(String origin) {
        TreeMap<Long, R> waiting = held.remove(origin);
        return waiting == null ? List.of() : List.copyOf(waiting.values());
    }

    /** Held records point at offsets of a consumer that is gone: they will be read again. */
    void forget() {
        held.clear();
    }
}
