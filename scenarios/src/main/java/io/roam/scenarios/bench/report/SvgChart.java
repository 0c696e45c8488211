package io.roam.scenarios.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A percentile-distribution chart, hand-written SVG: latency (log scale) against the percentile,
 * spread as HdrHistogram's plots do (x = log10(1 / (1 - p)), so 90, 99, 99.9 % are evenly apart;
 * the maximum is drawn one step past the last finite percentile).
 */
final class SvgChart {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final double[] X_TICKS = {0, 90, 99, 99.9, 99.99};
    private static final double X_OF_MAX = 5;

    private SvgChart() {
    }

    static String render(String title, List<Series> series) {
        List<Series> drawn = series.stream()
                .filter(s -> s.points().stream().anyMatch(p -> Double.isFinite(p.millis())))
                .toList();
        double lowest = drawn.stream().flatMap(s -> s.points().stream()).mapToDouble(Series.Point::millis)
                .filter(v -> Double.isFinite(v) && v > 0).min().orElse(0.01);
        double highest = drawn.stream().flatMap(s -> s.points().stream()).mapToDouble(Series.Point::millis)
                .filter(Double::isFinite).max().orElse(1);
        int minDecade = (int) Math.floor(Math.log10(Math.max(lowest, 0.001)));
        int maxDecade = Math.max(minDecade + 1, (int) Math.ceil(Math.log10(Math.max(highest, 0.001))));

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        for (int decade = minDecade; decade <= maxDecade; decade++) {
            double y = y(Math.pow(10, decade), minDecade, maxDecade);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
                    LEFT - 6, y + 4, formatMillis(Math.pow(10, decade))));
        }
        for (double tick : X_TICKS) {
            double x = x(percentilePosition(tick));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP, x, HEIGHT - BOTTOM));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%%</text>%n",
                    x, HEIGHT - BOTTOM + 18, trim(tick)));
        }
        double xMax = x(X_OF_MAX);
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">max</text>%n",
                xMax, HEIGHT - BOTTOM + 18));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 10));
        int middle = TOP + (HEIGHT - TOP - BOTTOM) / 2;
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">"
                + "latency (log scale)</text>%n", middle, middle));
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        for (int i = 0; i < drawn.size(); i++) {
            Series s = drawn.get(i);
            String colour = COLOURS[i % COLOURS.length];
            List<String> points = new ArrayList<>();
            for (Series.Point p : s.points()) {
                if (Double.isFinite(p.millis())) {
                    double position = p.percentile() >= 100 ? X_OF_MAX : percentilePosition(p.percentile());
                    points.add(String.format(Locale.ROOT, "%.1f,%.1f", x(position),
                            y(Math.max(p.millis(), Math.pow(10, minDecade)), minDecade, maxDecade)));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, String.join(" ", points)));
            int legendY = TOP + 10 + i * 18;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    WIDTH - RIGHT + 10, legendY, WIDTH - RIGHT + 30, legendY, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    WIDTH - RIGHT + 36, legendY + 4, escape(s.name())));
        }
        return svg.append("</svg>\n").toString();
    }

    /** 0 % at 0, 90 % at 1, 99 % at 2 …, capped one step before the maximum's place. */
    static double percentilePosition(double percentile) {
        if (percentile <= 0) {
            return 0;
        }
        return Math.min(X_OF_MAX - 0.5, Math.log10(100 / (100 - Math.min(percentile, 99.999))));
    }

    private static double x(double position) {
        return LEFT + position / X_OF_MAX * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double millis, int minDecade, int maxDecade) {
        double fraction = (Math.log10(millis) - minDecade) / (maxDecade - minDecade);
        return HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM);
    }

    private static String formatMillis(double millis) {
        return millis >= 1 ? String.format(Locale.ROOT, "%.0f", millis) : trim(millis);
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.4f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
