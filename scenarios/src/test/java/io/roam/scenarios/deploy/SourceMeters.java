package io.roam.scenarios.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus series names an application exports for the Micrometer meters its Java sources
 * register, derived from the sources so that alert rules and dashboards are checked against the
 * code rather than against a list that drifts.
 *
 * <p>Mapping (Micrometer's {@code PrometheusNamingConvention} and {@code PrometheusMeterRegistry}):
 * dots become underscores; the base unit is appended unless the name already ends with it;
 * counters end in {@code _total}; timers are in seconds and export {@code _count}, {@code _sum} and
 * {@code _max}, plus {@code _bucket} with a percentile histogram; distribution summaries likewise
 * with their own unit. Only builder registrations with a literal name are understood: anything
 * else is reported by {@link #unreadable()} so that a test can refuse it instead of missing a meter.
 */
record SourceMeters(Set<String> series, List<String> unreadable) {

    private static final String TYPES = "Gauge|TimeGauge|Counter|FunctionCounter|Timer|FunctionTimer|DistributionSummary|LongTaskTimer";
    private static final Pattern LITERAL = Pattern.compile("\\b(" + TYPES + ")\\.builder\\(\\s*\"([^\"]+)\"");
    private static final Pattern ANY_BUILDER = Pattern.compile("\\b(" + TYPES + ")\\.builder\\(");
    /** MeterRegistry shortcuts (registry.counter("x"), registry.gauge("x", …)): not read, so refused. */
    private static final Pattern SHORTCUT = Pattern.compile("\\.(counter|gauge|timer|summary|more\\(\\)\\.\\w+)\\(\\s*\"");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"\\s*\\)");

    /** Reads every {@code .java} file under the given source roots. */
    static SourceMeters of(Path... sourceRoots) {
        Set<String> series = new TreeSet<>();
        List<String> unreadable = new ArrayList<>();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    read(file, Files.readString(file), series, unreadable);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new SourceMeters(Set.copyOf(series), List.copyOf(unreadable));
    }

    private static void read(Path file, String source, Set<String> series, List<String> unreadable) {
        Matcher any = ANY_BUILDER.matcher(source);
        while (any.find()) {
            Matcher literal = LITERAL.matcher(source).region(any.start(), source.length());
            if (!literal.lookingAt()) {
                unreadable.add(file.getFileName() + ": " + line(source, any.start()));
                continue;
            }
            int end = source.indexOf(".register(", literal.end());
            String chain = source.substring(literal.end(), end < 0 ? source.length() : end);
            Matcher unit = BASE_UNIT.matcher(chain);
            series.addAll(names(literal.group(1), literal.group(2), unit.find() ? unit.group(1) : null,
                    chain.contains(".publishPercentileHistogram(")));
        }
        Matcher shortcut = SHORTCUT.matcher(source);
        while (shortcut.find()) {
            unreadable.add(file.getFileName() + ": " + line(source, shortcut.start()));
        }
    }

    /** The series of one meter, as a Prometheus scrape shows them. */
    static List<String> names(String type, String meterName, String baseUnit, boolean histogram) {
        String base = meterName.replace('.', '_');
        return switch (type) {
            case "Gauge" -> List.of(withUnit(base, baseUnit));
            case "TimeGauge" -> List.of(withUnit(base, "seconds"));
            case "Counter", "FunctionCounter" -> List.of(withUnit(base, baseUnit) + "_total");
            case "Timer" -> distribution(withUnit(base, "seconds"), histogram);
            case "FunctionTimer" -> List.of(withUnit(base, "seconds") + "_count", withUnit(base, "seconds") + "_sum");
            case "DistributionSummary" -> distribution(withUnit(base, baseUnit), histogram);
            default -> throw new IllegalArgumentException("no Prometheus mapping for a " + type + " (" + meterName
                    + "): extend SourceMeters");
        };
    }

    private static List<String> distribution(String name, boolean histogram) {
        List<String> names = new ArrayList<>(List.of(name + "_count", name + "_sum", name + "_max"));
        if (histogram) {
            names.add(name + "_bucket");
        }
        return names;
    }

    private static String withUnit(String base, String unit) {
        return unit == null || base.endsWith("_" + unit) ? base : base + "_" + unit;
    }

    private static String line(String source, int index) {
        int start = source.lastIndexOf('\n', index) + 1;
        int end = source.indexOf('\n', index);
        return source.substring(start, end < 0 ? source.length() : end).strip();
    }
}
