package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the bench reads from other processes: the replay log line. */
class ParsingTest {

    @TempDir
    Path dir;

    @Test
    void theLastReplayOfAnAppendedLogCounts() throws IOException {
        Path log = dir.resolve("spoke.log");
        Files.writeString(log, """
                2026-01-01T00:00:00.000Z  INFO 1 --- [main] i.r.spoke.eventstore.StoreReplay : replayed 12 events from the local store in 40 ms
                === restart
                2026-01-01T00:01:00.000Z  INFO 2 --- [main] i.r.spoke.eventstore.StoreReplay : replayed 1000012 events from the local store in 41234 ms
                """);

        assertThat(StoreBench.lastReplay(log)).hasValueSatisfying(replay -> {
            assertThat(replay.events()).isEqualTo(1_000_012);
            assertThat(replay.millis()).isEqualTo(41_234);
        });
        assertThat(StoreBench.lastReplay(Files.writeString(dir.resolve("empty.log"), "nothing\n"))).isEmpty();
    }
}
