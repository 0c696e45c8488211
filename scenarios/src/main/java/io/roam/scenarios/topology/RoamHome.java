package io.roam.scenarios.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The repository root, where the hub and spoke executable jars are built and the run directories
 * live. Found from {@code -Droam.home}, the {@code ROAM_HOME} environment variable, the working
 * directory or the location of these classes, in that order.
 */
public record RoamHome(Path root) {

    public static final String HOME_PROPERTY = "roam.home";
    public static final String HOME_VARIABLE = "ROAM_HOME";

    public RoamHome {
        root = root.toAbsolutePath().normalize();
    }

    public static RoamHome locate() {
        String explicit = Optional.ofNullable(System.getProperty(HOME_PROPERTY)).orElse(System.getenv(HOME_VARIABLE));
        if (explicit != null && !explicit.isBlank()) {
            Path root = Path.of(explicit);
            if (!isRoot(root)) {
                throw new IllegalStateException(root + " (from -D" + HOME_PROPERTY + " or " + HOME_VARIABLE
                        + ") is not the roaming-directory repository: no pom.xml, spoke/ and hub/ there");
            }
            return new RoamHome(root);
        }
        return Stream.concat(Stream.of(Path.of(System.getProperty("user.dir"))), classesLocation().stream())
                .map(RoamHome::rootAbove)
                .flatMap(Optional::stream)
                .findFirst()
                .map(RoamHome::new)
                .orElseThrow(() -> new IllegalStateException("cannot find the repository root above "
                        + System.getProperty("user.dir") + "; set -D" + HOME_PROPERTY + " or " + HOME_VARIABLE));
    }

    static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml"))
                && Files.isDirectory(dir.resolve("spoke"))
                && Files.isDirectory(dir.resolve("hub"));
    }

    private static Optional<Path> rootAbove(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> classesLocation() {
        CodeSource source = RoamHome.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    public Path spokeJar() {
        return executableJar("spoke");
    }

    public Path hubJar() {
        return executableJar("hub");
    }

    /** Where {@code roam up} and {@code roam demo} put their run directories. */
    public Path runs() {
        return root.resolve("run");
    }

    /** The newest {@code <module>-*-exec.jar}; an error that says how to build it if there is none. */
    private Path executableJar(String module) {
        Path target = root.resolve(module).resolve("target");
        List<Path> jars;
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            jars = files.filter(file -> file.getFileName().toString().matches(module + "-.*-exec\\.jar")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
        return jars.stream()
                .max(Comparator.comparing(RoamHome::lastModified))
                .orElseThrow(() -> new IllegalStateException("no " + module + " executable jar in " + target
                        + ": build it with `mvn -B -DskipTests install` at " + root + " (scenarios/roam does)"));
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
