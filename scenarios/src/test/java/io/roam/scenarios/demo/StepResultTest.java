package io.roam.scenarios.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepResultTest {

    @Test
    void stepLinesAlignTheirOutcomes() {
        StepResult short1 = new StepResult(2, "bob logs in at cluster-1", Duration.ofMillis(43), "seen everywhere in 43 ms", true);
        StepResult long1 = new StepResult(6, "every spoke holds the same directory", Duration.ZERO, "digests differ", false);

        assertThat(short1.line()).isEqualTo("step 2  bob logs in at cluster-1 .................... seen everywhere in 43 ms  OK");
        assertThat(long1.line()).endsWith("........ digests differ  FAILED");
        assertThat(short1.line().indexOf("seen")).isEqualTo(long1.line().indexOf("digests"));
    }
}
