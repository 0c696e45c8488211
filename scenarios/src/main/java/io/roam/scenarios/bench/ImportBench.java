package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.bench.report.ReportWriter;
import io.roam.scenarios.client.ImportUpload;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.load.ChangeFollower;
import io.roam.scenarios.simulation.StandaloneSpoke;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Figures 9a and 9b, bulk import: users with bcrypt hashes another system made, imported at the
 * topology's origin spoke and followed on every other spoke's change feed until each routes every
 * imported DN (9a); users with PINs in clear at a standalone spoke with the default PIN-hash cost,
 * where hashing is the work (9b). Each file is imported twice: the second time every row is
 * unchanged and nothing is written.
 */
public final class ImportBench {

    public static final String HASHED_ID = "import";
    public static final String HASHED_TITLE = "9a. Bulk import of users with supplied PIN hashes, until every spoke routes them";
    public static final String CLEAR_ID = "import-clear";
    public static final String CLEAR_TITLE = "9b. Bulk import of users with PINs in clear at the default PIN-hash cost";
    public static final int DEFAULT_COST = 10;
    private static final String HEADER = "userId,pin,dns,superuser,selfServiceId,emcc\n";
    private static final long HASHED_FIRST_DN = 8_000_000L;
    private static final long CLEAR_FIRST_DN = 8_500_000L;
    private static final Duration SCAN_PERIOD = Duration.ofMillis(100);

    private final BenchPlan plan;
    private final Progress progress;
    private final Path dir;

    public ImportBench(BenchPlan plan, Path dir, Progress progress) {
        this.plan = plan;
        this.dir = dir;
        this.progress = progress;
    }

    /** 9a: the origin imports; each observer's change feed tells when it routes every imported DN. */
    public Figure hashed(String originUrl, Map<String, String> observers) throws IOException, InterruptedException {
        int users = plan.importUsers();
        String hash = new BCryptPasswordEncoder(DEFAULT_COST).encode("1234");
        Path file = write("hashed.csv", users, HASHED_FIRST_DN, i -> hash);
        Map<String, ChangeFollower> followers = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> observer : observers.entrySet()) {
                ChangeFollower follower = new ChangeFollower(observer.getValue(), "import-" + observer.getKey());
                followers.put(observer.getKey(), follower);
                follower.awaitSnapshot(Duration.ofMinutes(1));
            }
            progress.say("import: " + users + " users with supplied hashes at the origin (" + Files.size(file) / 1024
                    + " KiB), following " + followers.keySet());
            long started = System.nanoTime();
            ImportUpload.Answer first = importFile(originUrl, file);
            Map<String, Double> routedAfter = awaitRouted(followers, users, started);
            ImportUpload.Answer again = importFile(originUrl, file);
            Figure.Builder figure = Figure.builder(HASHED_ID, HASHED_TITLE, "import", "rows", "created", "unchanged",
                    "answer s", "rows/s", "reading ms", "applying ms", "routed everywhere s");
            row(figure, "first", first, routedAfter.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            row(figure, "same file again", again, Double.NaN);
            routedAfter.forEach((cluster, seconds) -> figure.note("every imported DN routed at " + cluster + " "
                    + ReportWriter.format(seconds) + " s after the upload began"));
            figure.note("One file of " + users + " users, one DN each, all with the same bcrypt hash at cost " + DEFAULT_COST
                    + " (as a migration supplies them: the spoke hashes nothing), streamed to " + ImportUpload.PATH
                    + " at the topology's origin; rows/s counts from the first byte sent to the answer.");
            figure.note("Routed everywhere: each other spoke's change feed (GET /api/v1/directory/changes) is followed, and "
                    + "every " + SCAN_PERIOD.toMillis() + " ms the bench checks whether that spoke's feed has shown every "
                    + "imported DN; the time is that of the first check that found them all, counted from the start of the upload.");
            figure.note("The second import sends the same file: every row is unchanged, no command is sent, nothing is written.");
            return figure.build();
        } finally {
            followers.values().forEach(ChangeFollower::close);
        }
    }

    /** 9b: a standalone spoke at the default cost hashes every PIN, then checks every PIN against its hash. */
    public Figure clear(StandaloneSpoke spoke) throws IOException {
        int users = plan.importClearUsers();
        int cores = Runtime.getRuntime().availableProcessors();
        HashingCeiling ceiling = HashingCeiling.measure(DEFAULT_COST, cores);
        Path file = write("clear.csv", users, CLEAR_FIRST_DN, i -> Long.toString(100_000 + i));
        progress.say("import: " + users + " users with PINs in clear at " + spoke.url() + " (PIN-hash cost " + DEFAULT_COST
                + "; bcrypt alone allows " + ReportWriter.format(ceiling.loginsPerSecond()) + " hashes/s on " + cores + " cores)");
        ImportUpload.Answer first = importFile(spoke.url(), file);
        ImportUpload.Answer again = importFile(spoke.url(), file);
        Figure.Builder figure = Figure.builder(CLEAR_ID, CLEAR_TITLE, "import", "rows", "created", "unchanged",
                "answer s", "rows/s", "PINs ms", "applying ms", "bcrypt ceiling /s");
        for (ImportUpload.Answer answer : List.of(first, again)) {
            figure.row(answer == first ? "first" : "same file again", answer.body().path("rows").asInt(),
                    answer.body().path("created").asInt(), answer.body().path("unchanged").asInt(), seconds(answer),
                    rowsPerSecond(answer), answer.body().path("pinsMs").asLong(), answer.body().path("applyMs").asLong(),
                    ceiling.loginsPerSecond());
        }
        figure.note("One file of " + users + " users, one DN and a distinct PIN in clear each, at a standalone spoke (no hub) "
                + "with the default PIN-hash cost " + DEFAULT_COST + ": the spoke hashes every PIN on as many threads as it has "
                + "cores before it applies any row.");
        figure.note("The second import sends the same file: each PIN is checked against the stored hash (one bcrypt "
                + "check a row, as costly as hashing), every row is unchanged and nothing is written.");
        figure.note("bcrypt ceiling: the cores divided by the CPU-seconds of one bcrypt check at cost " + DEFAULT_COST
                + ", measured in this process; the bench and the spoke share the cores.");
        return figure.build();
    }

    private ImportUpload.Answer importFile(String url, Path file) {
        ImportUpload.Answer answer = ImportUpload.send(url, SpokeClient.DEFAULT_ADMIN_TOKEN, file, sent -> {
        });
        if (!answer.isOk()) {
            throw new IllegalStateException("the import of " + file + " failed: HTTP " + answer.status() + " " + answer.body());
        }
        progress.say("import: " + answer.body().path("rows").asInt() + " rows, " + answer.body().path("created").asInt()
                + " created, " + answer.body().path("unchanged").asInt() + " unchanged in "
                + ReportWriter.format(seconds(answer)) + " s");
        return answer;
    }

    private static void row(Figure.Builder figure, String label, ImportUpload.Answer answer, double routedSeconds) {
        figure.row(label, answer.body().path("rows").asInt(), answer.body().path("created").asInt(),
                answer.body().path("unchanged").asInt(), seconds(answer), rowsPerSecond(answer),
                answer.body().path("readMs").asLong(), answer.body().path("applyMs").asLong(), routedSeconds);
    }

    /** Seconds from the start of the upload until each follower's feed has shown every imported DN. */
    private Map<String, Double> awaitRouted(Map<String, ChangeFollower> followers, int users, long started)
            throws InterruptedException {
        Map<String, Double> routed = new LinkedHashMap<>();
        long deadline = System.nanoTime() + plan.importRoutedTimeout().toNanos();
        List<String> dns = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            dns.add(Long.toString(HASHED_FIRST_DN + i));
        }
        while (routed.size() < followers.size()) {
            long now = System.nanoTime();
            followers.forEach((cluster, follower) -> {
                if (!routed.containsKey(cluster) && dns.stream().allMatch(dn -> routes(follower.reason(dn)))) {
                    routed.put(cluster, (now - started) / 1e9);
                }
            });
            if (now > deadline) {
                throw new IllegalStateException("not every imported DN was routed within "
                        + plan.importRoutedTimeout().toSeconds() + " s; routed at: " + routed.keySet());
            }
            Thread.sleep(SCAN_PERIOD.toMillis());
        }
        return routed;
    }

    private static boolean routes(String reason) {
        return reason != null && !reason.equals("UNKNOWN");
    }

    private interface Pin {
        String of(int user);
    }

    private Path write(String name, int users, long firstDn, Pin pin) throws IOException {
        Path file = Files.createDirectories(dir).resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            for (int i = 0; i < users; i++) {
                out.write("imp-" + name.substring(0, name.indexOf('.')) + "-" + i + "," + pin.of(i) + "," + (firstDn + i)
                        + ",false,,false\n");
            }
        }
        return file;
    }

    private static double seconds(ImportUpload.Answer answer) {
        return answer.took().toNanos() / 1e9;
    }

    private static double rowsPerSecond(ImportUpload.Answer answer) {
        return answer.body().path("rows").asInt() / seconds(answer);
    }
}
