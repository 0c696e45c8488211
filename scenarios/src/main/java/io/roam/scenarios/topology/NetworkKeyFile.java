package io.roam.scenarios.topology;

import io.roam.events.NetworkKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The one network key of a local topology: made at random when its run directory is new and
 * kept there, so that a restarted or late spoke seals and opens with the same key as the others.
 * Spokes get it by environment variable, out of sight of {@code ps}.
 */
public final class NetworkKeyFile {

    static final String KEY_ID = "local";
    private static final String FILE = "network-key";

    private NetworkKeyFile() {
    }

    /** The environment variables that give a spoke the key of {@code dir} (made there if missing). */
    public static synchronized Map<String, String> spokeEnvironment(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, NetworkKeys.randomKey(), StandardCharsets.US_ASCII);
            }
            return Map.of("ROAM_SPOKE_NETWORKKEYS_" + KEY_ID.toUpperCase(), Files.readString(file).trim(),
                    "ROAM_SPOKE_NETWORKKEYID", KEY_ID);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
