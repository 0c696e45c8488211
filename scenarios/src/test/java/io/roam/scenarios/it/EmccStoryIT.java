package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.demo.EmccStory;
import io.roam.scenarios.demo.StepResult;
import io.roam.scenarios.sip.SipNetwork;
import io.roam.scenarios.topology.RunningTopology;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `roam demo --emcc` on real processes, with real calls through cluster-3's Kamailio: an EMCC
 * login routes calls home while emergency calls leave where the phone is, a login that needs a
 * home that is down is refused or falls back, and the home logs its own login out when it returns.
 */
@ExtendWith(SharedTopology.class)
class EmccStoryIT {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void emmaVisitsInEmccModeAndDanaFallsBackToRoamingWhileTheirHomeIsDown(RunningTopology topology) throws IOException {
        List<StepResult> steps;
        try (SipNetwork network = SipNetwork.start(topology, List.of(EmccStory.VISITING),
                topology.runDir().resolve("sip-emcc"), Duration.ofSeconds(60))) {
            steps = new EmccStory(topology, Optional.of(network), STEP_TIMEOUT, step -> System.out.println(step.line())).play();
        }

        assertThat(steps).allSatisfy(step -> assertThat(step.ok()).as(step.line()).isTrue());
        assertThat(steps).extracting(StepResult::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(EmccStory.held(steps)).isTrue();
        assertThat(topology.isAlive(EmccStory.HOME)).isTrue();
        for (String clusterId : topology.clusterIds()) {
            ApiResponse emma = topology.spoke(clusterId).dn(EmccStory.EMMA.dn());
            assertThat(emma.text("mode")).as(clusterId).isEqualTo("EMCC");
            assertThat(emma.text("registrationCluster")).as(clusterId).isEqualTo(EmccStory.HOME);
            assertThat(emma.text("physicalCluster")).as(clusterId).isEqualTo(EmccStory.VISITING);
        }
        assertThat(topology.spoke(EmccStory.HOME).device(EmccStory.deviceOf(EmccStory.HOME)).text("userId")).isNull();
    }
}
