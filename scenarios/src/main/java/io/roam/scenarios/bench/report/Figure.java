package io.roam.scenarios.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One figure of the results: a table (rows keyed by column, numbers kept as numbers for the
 * JSON), notes, the latency curves of its chart if it has one, and the targets it decides.
 *
 * @param status {@code measured}, {@code not measured} or {@code failed}
 */
public record Figure(String id, String title, String status, List<String> columns, List<Map<String, Object>> rows,
              List<String> notes, List<Series> curves, List<TargetCheck> targets) {

    static final String MEASURED = "measured";
    static final String NOT_MEASURED = "not measured";
    public static final String FAILED = "failed";

    public Figure {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
        curves = List.copyOf(curves);
        targets = List.copyOf(targets);
    }

    /** A figure that could not be measured, with the reason, and its targets as not measured. */
    public static Figure notMeasured(String id, String title, String reason, List<String> targets) {
        return new Figure(id, title, NOT_MEASURED, List.of(), List.of(), List.of(reason), List.of(),
                targets.stream().map(TargetCheck::notMeasured).toList());
    }

    /** A figure whose run threw: the bench goes on with the next one. */
    public static Figure failed(String id, String title, Exception cause, List<String> targets) {
        return new Figure(id, title, FAILED, List.of(), List.of(), List.of("failed: " + cause), List.of(),
                targets.stream().map(TargetCheck::notMeasured).toList());
    }

    public static Builder builder(String id, String title, String... columns) {
        return new Builder(id, title, List.of(columns));
    }

    public static final class Builder {
        private final String id;
        private final String title;
        private final List<String> columns;
        private final List<Map<String, Object>> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<Series> curves = new ArrayList<>();
        private final List<TargetCheck> targets = new ArrayList<>();

        private Builder(String id, String title, List<String> columns) {
            this.id = id;
            this.title = title;
            this.columns = columns;
        }

        /** One value per column, in order. */
        public Builder row(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException(columns.size() + " columns, " + values.length + " values: "
                        + Arrays.toString(values));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                // JSON has no NaN: a figure that has no value is null there and "-" in the table.
                boolean missing = values[i] instanceof Double d && !Double.isFinite(d);
                row.put(columns.get(i), missing ? null : values[i]);
            }
            rows.add(row);
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public Builder curve(Series series) {
            curves.add(series);
            return this;
        }

        public Builder target(TargetCheck target) {
            targets.add(target);
            return this;
        }

        public Figure build() {
            return new Figure(id, title, MEASURED, columns, rows, notes, curves, targets);
        }
    }
}
