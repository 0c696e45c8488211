package io.roam.scenarios.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void theOneMinuteLoadOfUptime() {
        assertThat(Machine.load1(" 03:42:08 up  1:34,  0 user,  load average: 3.44, 8.01, 12.39")).isEqualTo(3.44);
        assertThat(Machine.load1("loadavg 0.52 0.58 0.59 1/123 4567")).isEqualTo(0.52);
        assertThat(Machine.load1("unknown")).isNaN();
    }
}
