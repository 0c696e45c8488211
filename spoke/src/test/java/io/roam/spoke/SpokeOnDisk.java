package io.roam.spoke;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A spoke of cluster-1 on a real store in a directory of its own, without a broker, for tests that
 * stop it and start it again on the same store.
 */
public final class SpokeOnDisk implements AutoCloseable {

    private final Path dataDir;
    private ConfigurableApplicationContext spoke;

    public SpokeOnDisk() {
        try {
            dataDir = Files.createTempDirectory("spoke-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the spoke on the store and answers its HTTP port. */
    public int start() {
        spoke = new SpringApplicationBuilder(SpokeApplication.class).run(
                "--server.port=0", "--roam.spoke.data-dir=" + dataDir,
                "--roam.spoke.cluster-id=cluster-1", "--roam.spoke.hub-id=hub-a", "--roam.spoke.em.pin-hash-cost=4",
                "--roam.kafka.bootstrap-servers=127.0.0.1:1", "--roam.spoke.replication.full-sync-timeout=0s");
        return ((ServletWebServerApplicationContext) spoke).getWebServer().getPort();
    }

    /** Stops the spoke, if it runs; its store stays. */
    public void stop() {
        if (spoke != null) {
            spoke.close();
            spoke = null;
        }
    }

    /** The JDBC URL of the store, for a test that reads or alters it while the spoke is stopped. */
    public String storeUrl() {
        return "jdbc:h2:file:" + dataDir.resolve("store");
    }

    @Override
    public void close() {
        stop();
    }
}
