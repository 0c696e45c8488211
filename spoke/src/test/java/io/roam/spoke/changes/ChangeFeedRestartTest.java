package io.roam.spoke.changes;

import io.roam.spoke.SpokeOnDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A router follows the change feed while its spoke is stopped and started again on the same
 * store, and reconnects with the last position it saw: what it sees over both streams is exactly
 * the DN answers that the logins and logouts before, during and after its absence produced, in
 * order, none missing and none twice. Positions are change sequence numbers of the store, which the
 * restarted spoke replays, so they mean the same events before and after.
 */
class ChangeFeedRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final SpokeOnDisk spoke = new SpokeOnDisk();

    @AfterEach
    void stopSpoke() {
        spoke.stop();
    }

    @Test
    void a_router_resumes_across_a_spoke_restart_with_nothing_missed_and_nothing_twice() throws Exception {
        int port = spoke.start();
        for (int n = 1; n <= 3; n++) {
            new RealSpokeCalls(port).provisionSuperuser("user" + n, "400000" + n);
            new RealSpokeCalls(port).enableDevice("SEP-R" + n);
        }
        List<String> expected = new ArrayList<>();
        List<ChangeStreamClient.Event> seen = new ArrayList<>();

        String lastSeen;
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(PATIENCE).until(router::snapshotEnded);
            login(port, 1, expected);
            login(port, 2, expected);
            await().atMost(PATIENCE).until(() -> router.changes().size() == expected.size());

            spoke.stop();
            await().atMost(PATIENCE).until(router::ended);
            seen.addAll(router.changes());
            lastSeen = router.lastEventId();
        }

        port = spoke.start();
        logout(port, 1, expected);
        login(port, 3, expected);
        try (ChangeStreamClient router = ChangeStreamClient.resume(port, lastSeen)) {
            logout(port, 2, expected);
            await().atMost(PATIENCE).until(() -> router.changes().size() == expected.size() - seen.size());
            assertThat(router.named("reset")).isEmpty();
            assertThat(router.named("snapshot")).isEmpty();
            seen.addAll(router.changes());
        }

        assertThat(seen).extracting(ChangeStreamClient.Event::answer).containsExactlyElementsOf(expected);
        List<Position> positions = seen.stream().map(e -> Position.parse(e.id()).orElseThrow()).toList();
        assertThat(positions).doesNotHaveDuplicates().isSortedAccordingTo(Position::compareTo);
    }

    private void login(int port, int n, List<String> expected) throws Exception {
        new RealSpokeCalls(port).login("SEP-R" + n, "user" + n);
        expected.add("400000" + n + "->cluster-1/LOGGED_IN");
    }

    private void logout(int port, int n, List<String> expected) throws Exception {
        new RealSpokeCalls(port).logout("SEP-R" + n);
        expected.add("400000" + n + "->cluster-1/HOME");
    }
}
