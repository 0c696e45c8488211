package io.roam.scenarios.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A launcher killed with kill -9 leaves no child running: its reaper stops them. */
class ReaperTest {

    @TempDir
    Path dir;

    @Test
    void theChildrenOfALauncherKilledWithSigkillStopSoonAfter() throws Exception {
        Process launcher = new ProcessBuilder(ChildProcess.javaExecutable().toString(), "-Xmx32m",
                "-cp", ChildProcess.currentClasspath(), OrphanedLauncherMain.class.getName(),
                dir.resolve("ticking.log").toString()).redirectErrorStream(true).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the launcher's first line").startsWith("child ");
            childPid = Long.parseLong(line.substring("child ".length()));
            assertThat(ProcessHandle.of(childPid)).hasValueSatisfying(child -> assertThat(child.isAlive()).isTrue());

            launcher.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false) == false);
        } finally {
            launcher.destroyForcibly();
        }
        assertThat(dir.resolve("ticking.log")).content().contains("goodbye");
    }
}
