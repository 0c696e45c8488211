package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DmqPeerTest {

    @Test
    void eachNodeListensOnItsOwnPortsAndNotifiesTheOtherThree() throws IOException {
        int[] sipPorts = {41001, 41002, 41003, 41004};

        String config = DmqPeer.render(2, Path.of("/opt/kamailio/modules"), 41002, 42002, sipPorts);

        assertThat(config).doesNotContain("${")
                .contains("listen=udp:127.0.0.1:41002\n")
                .contains("mpath=\"/opt/kamailio/modules/\"")
                .contains("modparam(\"jsonrpcs\", \"dgram_socket\", \"udp:127.0.0.1:42002\")")
                .contains("modparam(\"dmq\", \"server_address\", \"sip:127.0.0.1:41002\")")
                .contains("modparam(\"dmq\", \"notification_address\", \"sip:127.0.0.1:41001\")")
                .contains("modparam(\"dmq\", \"notification_address\", \"sip:127.0.0.1:41003\")")
                .contains("modparam(\"dmq\", \"notification_address\", \"sip:127.0.0.1:41004\")")
                .doesNotContain("\"notification_address\", \"sip:127.0.0.1:41002\"")
                .contains("loadmodule \"dmq_usrloc.so\"");
    }
}
