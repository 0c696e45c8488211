package io.roam.spoke.bulk;

import io.roam.spoke.api.EmException;

import java.io.IOException;
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

    /** What a row becomes once checked; throws to name why it is bad. */
    interface Check<T> {
        T row(CsvReader.Line line);
    }

    /**
     * Every row after the header, checked: all of them if every one keeps the rules, else the
     * file's refusal naming every bad one. Good rows after a bad one are checked, not kept.
     */
    static <T> List<T> allOrRefuse(CsvReader csv, Check<T> check) throws IOException {
        List<T> rows = new ArrayList<>();
        BadRows bad = new BadRows();
        int read = 0;
        for (CsvReader.Line line = csv.next(); line != null; line = csv.next()) {
            read++;
            try {
                T row = check.row(line);
                if (!bad.any()) {
                    rows.add(row);
                }
            } catch (EmException | IllegalArgumentException e) {
                bad.add(line.number(), e.getMessage());
            }
        }
        bad.refuseIfAny(read);
        return rows;
    }
}
