package io.roam.scenarios.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmHeapTest {

    @Test
    void usedHeapOfTheSerialCollectorIsBothGenerations() {
        String heapInfo = """
                12345:
                 def new generation   total 9792K, used 1000K [0x00000000f0000000, 0x00000000f0aa0000, 0x00000000f5550000)
                  eden space 8704K,  11% used [0x00000000f0000000, 0x00000000f0100000, 0x00000000f0880000)
                  from space 1088K,   0% used [0x00000000f0880000, 0x00000000f0880000, 0x00000000f0990000)
                  to   space 1088K,   0% used [0x00000000f0990000, 0x00000000f0990000, 0x00000000f0aa0000)
                 tenured generation   total 21888K, used 20000K [0x00000000f5550000, 0x00000000f6aa0000, 0x0000000100000000)
                   the space 21888K,  91% used [0x00000000f5550000, 0x00000000f6a00000, 0x00000000f6a00200, 0x00000000f6aa0000)
                 Metaspace       used 60000K, committed 61000K, reserved 1114112K
                  class space    used 7000K, committed 7500K, reserved 1048576K
                """;

        assertThat(JvmHeap.usedBytes(heapInfo)).isEqualTo(21_000L * 1024);
    }

    @Test
    void usedHeapOfG1IsItsOneLine() {
        assertThat(JvmHeap.usedBytes(" garbage-first heap   total 262144K, used 12345K [0x0, 0x0)\n"
                + "  region size 1024K, 5 young (5120K), 0 survivors (0K)\n")).isEqualTo(12_345L * 1024);
    }
}
