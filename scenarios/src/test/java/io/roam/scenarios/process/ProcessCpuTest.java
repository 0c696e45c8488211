package io.roam.scenarios.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aBusyThreadOfThisJvmIsCountedAsJavasShareAndNoShareExceedsTheMachine() {
        Optional<ProcessCpu> sampling = ProcessCpu.start(Duration.ofMillis(50));
        assumeTrue(sampling.isPresent(), "no /proc here");
        long until = System.nanoTime() + Duration.ofMillis(400).toNanos();
        long spins = 0;
        while (System.nanoTime() < until) {
            spins++;
        }

        Map<String, Double> shares = sampling.get().shares();

        assertThat(spins).isPositive();
        assertThat(shares).containsKey("java");
        assertThat(shares.get("java")).isPositive();
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isLessThanOrEqualTo(1.05);
    }
}
