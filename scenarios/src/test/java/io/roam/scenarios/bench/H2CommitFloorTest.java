package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.bench.report.Figure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CommitFloorTest {

    @TempDir
    Path temp;

    @Test
    void measuresCommitsPerThreadCountAndWithASyncThenLeavesNoStoreBehind() throws Exception {
        Path store = temp.resolve("floor");

        Figure figure = new H2CommitFloor(store, Duration.ofMillis(200), line -> { }).run(List.of(1, 2));

        assertThat(figure.rows()).extracting(row -> row.get("threads")).containsExactly(1, 2, 1);
        assertThat(figure.rows()).extracting(row -> row.get("commit"))
                .containsExactly("insert + commit", "insert + commit", "insert + commit + CHECKPOINT SYNC (fsync)");
        for (Map<String, Object> row : figure.rows()) {
            assertThat((Double) row.get("commits/s")).isPositive();
            assertThat((Double) row.get("p99 ms")).isGreaterThanOrEqualTo((Double) row.get("p50 ms"));
        }
        assertThat(store).doesNotExist();
    }
}
