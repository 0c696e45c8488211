package io.roam.scenarios.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A private copy of an executable jar, so that a build rewriting it cannot break a hub or spoke
 * started later in the run.
 */
public final class JarCopy {

    private static final int ATTEMPTS = 5;

    private JarCopy() {
    }

    /** Copies until the copy opens as a zip: a jar caught halfway through a build is copied again. */
    public static Path intact(Path jar, Path directory) throws IOException {
        Path copy = Files.createDirectories(directory).resolve(jar.getFileName());
        for (int attempt = 1; ; attempt++) {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile zip = new ZipFile(copy.toFile())) {
                return copy;
            } catch (ZipException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException(jar + " is not a complete jar (is a build rewriting it?)", e);
                }
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while copying " + jar, interrupted);
                }
            }
        }
    }
}
