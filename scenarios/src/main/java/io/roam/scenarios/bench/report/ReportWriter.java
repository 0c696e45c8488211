package io.roam.scenarios.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes results.json, results.md (Markdown tables) and one SVG chart per figure with latency curves. */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void write(BenchReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        JSON.writeValue(directory.resolve("results.json").toFile(), report);
        for (Figure figure : report.figures()) {
            if (!figure.curves().isEmpty()) {
                Files.writeString(directory.resolve(chartFile(figure)), SvgChart.render(figure.title(), figure.curves()));
            }
        }
        Files.writeString(directory.resolve("results.md"), markdown(report));
    }

    static String chartFile(Figure figure) {
        return figure.id() + ".svg";
    }

    public static String markdown(BenchReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# roam bench, ").append(report.mode()).append(" run of ").append(report.startedAt()).append("\n\n");
        Machine machine = report.machine();
        md.append(String.format(Locale.ROOT, "%d cores, %s, %s; the run took %.1f min.%n%n", machine.cores(),
                machine.java(), machine.os(), report.minutes()));
        md.append("- load before: `").append(machine.uptimeBefore()).append("`\n");
        md.append("- load after: `").append(machine.uptimeAfter()).append("`\n");
        md.append("- processes' logs: `").append(report.runDirectory()).append("`\n\n");
        double load = Math.max(Machine.load1(machine.uptimeBefore()), Machine.load1(machine.uptimeAfter()));
        if (load >= machine.cores()) {
            md.append(String.format(Locale.ROOT, "**The machine was busy (load %.1f on %d cores): these numbers say more "
                    + "about the neighbours than about the system.**%n%n", load, machine.cores()));
        }
        md.append("## Targets\n\n");
        table(md, List.of("target", "measured", "verdict"), report.targets().stream()
                .map(t -> List.of(t.target(), t.measured(), t.verdict().name().replace('_', ' ')))
                .toList());
        for (Figure figure : report.figures()) {
            md.append("\n## ").append(figure.title()).append("\n\n");
            if (!figure.status().equals(Figure.MEASURED)) {
                md.append("**").append(figure.status()).append("**\n\n");
            }
            if (!figure.rows().isEmpty()) {
                table(md, figure.columns(), figure.rows().stream()
                        .map(row -> figure.columns().stream().map(c -> cell(row, c)).toList())
                        .toList());
                md.append('\n');
            }
            figure.notes().forEach(note -> md.append("- ").append(note).append('\n'));
            if (!figure.curves().isEmpty()) {
                md.append("\n![").append(figure.title()).append("](").append(chartFile(figure)).append(")\n");
            }
        }
        return md.toString();
    }

    private static void table(StringBuilder md, List<String> columns, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", columns)).append(" |\n");
        md.append(columns.stream().map(c -> "---").collect(Collectors.joining("|", "|", "|"))).append('\n');
        rows.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
    }

    private static String cell(Map<String, Object> row, String column) {
        return format(row.get(column));
    }

    /** Numbers with as many decimals as they deserve: 1234, 12.3, 1.23, 0.123. */
    public static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return "-";
            }
            double abs = Math.abs(d);
            String pattern = abs >= 100 || d == Math.rint(d) && abs >= 10 ? "%.0f"
                    : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
            return String.format(Locale.ROOT, pattern, d);
        }
        return value.toString().replace("|", "\\|");
    }
}
