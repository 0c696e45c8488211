package io.roam.scenarios.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.events.NetworkKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkKeyFileTest {

    @TempDir
    Path runDir;

    @Test
    void everySpokeOfARunGetsTheSameKeyKeptReadableOnlyByItsOwner() throws Exception {
        Map<String, String> first = NetworkKeyFile.spokeEnvironment(runDir);
        Map<String, String> restarted = NetworkKeyFile.spokeEnvironment(runDir);

        assertThat(restarted).isEqualTo(first);
        assertThat(first).containsEntry("ROAM_SPOKE_NETWORKKEYID", "local");
        assertThat(Base64.getDecoder().decode(first.get("ROAM_SPOKE_NETWORKKEYS_LOCAL"))).hasSize(NetworkKeys.KEY_BYTES);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir.resolve("network-key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void anotherRunGetsAnotherKey(@TempDir Path otherRun) {
        assertThat(NetworkKeyFile.spokeEnvironment(otherRun).get("ROAM_SPOKE_NETWORKKEYS_LOCAL"))
                .isNotEqualTo(NetworkKeyFile.spokeEnvironment(runDir).get("ROAM_SPOKE_NETWORKKEYS_LOCAL"));
    }
}
