package io.roam.scenarios.bench;

import io.roam.scenarios.bench.report.Figure;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.load.Latencies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figure 2b, a calibration for figure 2: what the spoke's store costs before Axon, Hibernate and
 * bcrypt add theirs. Threads each insert one event-sized row (a random-UUID key, as an event
 * identifier) and commit, in an H2 file opened with the spoke's settings ({@code WRITE_DELAY=0});
 * then one thread does the same followed by {@code CHECKPOINT SYNC}, the price of an fsync per
 * login, which H2 does not pay on commit.
 */
public final class H2CommitFloor {

    public static final String ID = "h2-floor";
    public static final String TITLE = "2b. H2 commit floor: one row and a commit, the spoke's store settings (calibration)";

    private static final byte[] PAYLOAD = new byte[400];

    private final Path directory;
    private final Duration duration;
    private final Progress progress;

    public H2CommitFloor(Path directory, Duration duration, Progress progress) {
        this.directory = directory;
        this.duration = duration;
        this.progress = progress;
    }

    public Figure run(List<Integer> threadCounts) throws IOException, InterruptedException, SQLException {
        Figure.Builder figure = Figure.builder(ID, TITLE, "commit", "threads", "commits/s", "p50 ms", "p99 ms", "max ms");
        try {
            for (int threads : threadCounts) {
                progress.say("h2 floor: " + threads + " thread(s) committing for " + duration.toSeconds() + " s");
                addRow(figure, "insert + commit", threads, measure(threads, false));
            }
            progress.say("h2 floor: 1 thread committing with CHECKPOINT SYNC for " + duration.toSeconds() + " s");
            addRow(figure, "insert + commit + CHECKPOINT SYNC (fsync)", 1, measure(1, true));
        } finally {
            DataTrees.delete(directory);
        }
        return figure.note("jdbc:h2:file:…;WRITE_DELAY=0 as the spoke opens its store; a table with a BIGINT key, a unique "
                        + "random VARCHAR(64) and a 400-byte VARBINARY; autocommit off, one commit per row, one connection per thread.")
                .note("H2 writes each commit to the file (a killed process loses nothing) but syncs to the device only on "
                        + "CHECKPOINT SYNC, so the first rows are what a login's store writes can cost at least.")
                .build();
    }

    private record Result(double commitsPerSecond, Latencies latencies) {
    }

    private static void addRow(Figure.Builder figure, String commit, int threads, Result result) {
        Latencies.Summary s = result.latencies.summary();
        figure.row(commit, threads, result.commitsPerSecond, s.p50(), s.p99(), s.max());
        figure.curve(result.latencies.series(commit + ", " + threads + " thread(s)"));
    }

    private Result measure(int threads, boolean sync) throws IOException, InterruptedException, SQLException {
        Files.createDirectories(directory);
        String url = "jdbc:h2:file:" + directory.resolve("floor-" + threads + (sync ? "-sync" : "")) + ";WRITE_DELAY=0";
        // Held open for the whole measurement: H2 closes a database when its last connection goes.
        try (Connection setup = DriverManager.getConnection(url, "sa", "");
             Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS floor (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "event_id VARCHAR(64) NOT NULL UNIQUE, payload VARBINARY(1024) NOT NULL)");
            Latencies latencies = new Latencies();
            AtomicLong commits = new AtomicLong();
            List<Throwable> failures = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        commitUntil(end, url, sync, latencies, commits);
                    } catch (SQLException | RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "h2-floor-" + t);
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("the H2 floor failed: " + failures.get(0), failures.get(0));
            }
            return new Result(commits.get() / ((System.nanoTime() - start) / 1e9), latencies);
        }
    }

    /** One thread's share: a row and a commit (and a sync, if asked) at a time, until {@code end}. */
    private static void commitUntil(long end, String url, boolean sync, Latencies latencies, AtomicLong commits)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO floor (event_id, payload) VALUES (?, ?)");
             Statement checkpoint = connection.createStatement()) {
            connection.setAutoCommit(false);
            while (System.nanoTime() < end) {
                long begun = System.nanoTime();
                insert.setString(1, UUID.randomUUID().toString());
                insert.setBytes(2, PAYLOAD);
                insert.executeUpdate();
                connection.commit();
                if (sync) {
                    checkpoint.execute("CHECKPOINT SYNC");
                }
                latencies.recordNanos(System.nanoTime() - begun);
                commits.incrementAndGet();
            }
        }
    }
}
