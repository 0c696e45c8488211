package io.roam.spoke.bulk;

import java.util.List;

/** A file with bad rows: nothing of it is stored. */
final class ImportRejected extends RuntimeException {

    private final int rows;
    private final int refused;
    private final List<BadRow> listed;

    ImportRejected(int rows, int refused, List<BadRow> listed) {
        super(refused + " of " + rows + " rows break a rule; nothing was stored", null, false, false);
        this.rows = rows;
        this.refused = refused;
        this.listed = listed;
    }

    /** A file that could not be read past one line: no header, or bytes that are not UTF-8. */
    static ImportRejected at(int line, String reason) {
        return new ImportRejected(0, 1, List.of(new BadRow(line, reason)));
    }

    int rows() {
        return rows;
    }

    int refused() {
        return refused;
    }

    List<BadRow> listed() {
        return listed;
    }
}
