package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.demo.SeedStory;
import io.roam.scenarios.demo.StepResult;
import io.roam.scenarios.topology.RunningTopology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedTopology.class)
class SeedStoryIT {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void bobRoamsWhileHisHomeClusterIsDownAndItLogsHimOutWhenItReturns(RunningTopology topology) {
        List<StepResult> steps = play(topology, "");

        assertThat(steps).extracting(StepResult::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(steps).allSatisfy(step -> assertThat(step.ok()).as(step.line()).isTrue());
        assertThat(topology.isAlive("cluster-1")).isTrue();
        assertEndState(topology);

        // `roam demo` may be run any number of times on one `roam up`.
        List<StepResult> again = play(topology, "again: ");

        assertThat(again).allSatisfy(step -> assertThat(step.ok()).as(step.line()).isTrue());
        assertThat(SeedStory.held(again)).isTrue();
        assertEndState(topology);
    }

    private static List<StepResult> play(RunningTopology topology, String prefix) {
        return new SeedStory(topology, STEP_TIMEOUT, step -> System.out.println(prefix + step.line())).play();
    }

    /** The end of the story once more, checked from outside the story's own polling. */
    private static void assertEndState(RunningTopology topology) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String clusterId : topology.clusterIds()) {
                SpokeClient spoke = topology.spoke(clusterId);
                assertThat(spoke.route(SeedStory.BOB.dn()).text("target")).as(clusterId + " routes bob to").isEqualTo("cluster-2");
                assertThat(spoke.dn(SeedStory.BOB.dn()).body().path("pendingLogouts")).as(clusterId + " pending logouts").isEmpty();
            }
        });
        assertThat(topology.spoke("cluster-1").device(SeedStory.deviceOf("cluster-1")).text("userId")).isNull();
        assertThat(topology.spoke("cluster-2").device(SeedStory.deviceOf("cluster-2")).text("userId")).isEqualTo("bob");
        assertThat(topology.clusterIds().stream().map(id -> topology.spoke(id).replication().text("mapDigest")).distinct())
                .hasSize(1);
    }
}
