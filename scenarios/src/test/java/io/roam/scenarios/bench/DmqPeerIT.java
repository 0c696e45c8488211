package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The broker-less peer of figure 1 on this machine: four real Kamailio nodes, a few REGISTERs at 1/s. */
class DmqPeerIT {

    private static Optional<DmqPeer.Installation> installation() {
        try {
            return Optional.of(DmqPeer.locate());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    @Test
    void aRegistrationAtOneNodeBecomesVisibleAtTheOtherThree() throws IOException, InterruptedException {
        Optional<DmqPeer.Installation> installation = installation();
        assumeTrue(installation.isPresent(), "Kamailio with dmq and dmq_usrloc is not installed");
        Path directory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "dmq-peer-").toAbsolutePath();

        DmqLoad.Result result;
        try (DmqPeer peer = DmqPeer.start(installation.get(), directory, Duration.ofSeconds(15))) {
            result = new DmqLoad(peer).run(1, Duration.ofSeconds(4), PollPeriod.FINE);
        }

        assertThat(result.sent()).isEqualTo(4);
        assertThat(result.errors()).isZero();
        assertThat(result.unseen()).isZero();
        assertThat(result.everywhere().count()).isEqualTo(4);
        assertThat(result.answer().count()).isEqualTo(4);
        // Replication on loopback takes milliseconds; a second would mean it went wrong somewhere.
        assertThat(result.everywhere().summary().max()).isLessThan(1_000);
        assertThat(result.achieved()).isBetween(0.5, 1.5);
    }
}
