package io.roam.spoke.directory;

import java.util.Comparator;

/** The total order on logins and definitions: hybrid logical clock first, cluster id to break ties. */
public record Rank(long hlc, String cluster) implements Comparable<Rank> {

    private static final Comparator<Rank> ORDER = Comparator.comparingLong(Rank::hlc).thenComparing(Rank::cluster);

    @Override
    public int compareTo(Rank other) {
        return ORDER.compare(this, other);
    }

    public boolean outranks(Rank other) {
        return other == null || compareTo(other) > 0;
    }
}
