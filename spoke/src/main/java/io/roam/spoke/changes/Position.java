package io.roam.spoke.changes;

import java.util.Optional;

/**
 * Where a change sits in this spoke's feed, written {@code <incarnation>.<index>.<ordinal>}: the
 * store's incarnation, the change sequence number of the stored fact that changed the DN, and the
 * change's rank among that fact's changes (1, 2, …; 0 stands before a fact's first change).
 *
 * <p>The change sequence number is stored with the fact, so it is the same after a restart: the
 * feed is rebuilt by replaying the store in that order. The incarnation tells a wiped data directory
 * from the one that issued the position, whose indexes would otherwise mean other events.
 */
record Position(String incarnation, long index, int ordinal) implements Comparable<Position> {

    static Optional<Position> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split("\\.");
        if (parts.length != 3 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Position(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ordered within one incarnation. */
    @Override
    public int compareTo(Position other) {
        int byIndex = Long.compare(index, other.index);
        return byIndex != 0 ? byIndex : Integer.compare(ordinal, other.ordinal);
    }

    boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return incarnation + "." + index + "." + ordinal;
    }
}
