package io.roam.scenarios.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UdpDropsTest {

    @Test
    void readsTheReceiveBufferErrorsOfTheUdpLinesNotOfUdpLite() {
        List<String> snmp = List.of(
                "Tcp: RtoAlgorithm RtoMin",
                "Tcp: 1 200",
                "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
                "Udp: 8400437 1143 73926 8475511 73926 0",
                "UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
                "UdpLite: 0 0 0 0 5 0");

        assertThat(UdpDrops.parse(snmp)).hasValue(73926);
    }

    @Test
    void aFileWithoutTheFieldGivesNothing() {
        assertThat(UdpDrops.parse(List.of("Udp: InDatagrams NoPorts", "Udp: 1 2"))).isEmpty();
        assertThat(UdpDrops.parse(List.of())).isEmpty();
    }
}
