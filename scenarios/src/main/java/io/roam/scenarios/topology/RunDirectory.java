package io.roam.scenarios.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The run directories of {@code roam up} and {@code roam demo}: {@code run/<timestamp>/}, with
 * {@code run/current} a symbolic link to the newest, so tools find the running topology's logs.
 */
public final class RunDirectory {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String CURRENT = "current";

    private RunDirectory() {
    }

    /** A new, empty {@code <runs>/<timestamp>} (suffixed if two runs start in the same second), made current. */
    public static Path createUnder(Path runs) throws IOException {
        Files.createDirectories(runs);
        String stamp = LocalDateTime.now().format(STAMP);
        Path dir = runs.resolve(stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = runs.resolve(stamp + "-" + i);
        }
        Files.createDirectory(dir);
        makeCurrent(runs, dir);
        return dir;
    }

    /** The run directory {@code run/current} points to, if any. */
    public static Optional<Path> current(Path runs) {
        Path link = runs.resolve(CURRENT);
        try {
            return Files.isDirectory(link) ? Optional.of(link.toRealPath()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Replaces the link atomically: another launcher may be reading it. */
    private static void makeCurrent(Path runs, Path dir) throws IOException {
        Path link = runs.resolve(CURRENT);
        Path staging = runs.resolve("." + CURRENT + "-" + ProcessHandle.current().pid());
        Files.deleteIfExists(staging);
        Files.createSymbolicLink(staging, dir.getFileName());
        Files.move(staging, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
