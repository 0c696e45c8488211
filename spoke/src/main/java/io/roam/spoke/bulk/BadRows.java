package io.roam.spoke.bulk;

import java.util.ArrayList;
import java.util.List;

/** The bad rows of one file, all counted, the first {@value #LISTED} kept to be named in the answer. */
final class BadRows {

    static final int LISTED = 1_000;

    private final List<BadRow> listed = new ArrayList<>();
    private int count;

    void add(int line, String reason) {
        count++;
        if (listed.size() < LISTED) {
            listed.add(new BadRow(line, reason));
        }
    }

    boolean any() {
        return count > 0;
    }

    /** Throws the file's refusal if any row is bad. */
    void refuseIfAny(int rows) {
        if (any()) {
            throw new ImportRejected(rows, count, List.copyOf(listed));
        }
    }
}
