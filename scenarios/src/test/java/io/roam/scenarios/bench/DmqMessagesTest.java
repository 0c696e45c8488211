package io.roam.scenarios.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.sip.KamailioRpc;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DmqMessagesTest {

    private static JsonNode json(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return KamailioRpc.parse(bytes, bytes.length);
    }

    @Test
    void aRegisterBindsTheContactTheLookupLooksFor() {
        String register = new String(DmqMessages.register("peerx7", 6001, 5071, 40000, "peerx7"), StandardCharsets.US_ASCII);

        assertThat(register).startsWith("REGISTER sip:127.0.0.1:5071 SIP/2.0\r\n")
                .contains("\r\nVia: SIP/2.0/UDP 127.0.0.1:40000;rport;branch=z9hG4bKpeerx7\r\n")
                .contains("\r\nTo: <sip:peerx7@127.0.0.1>\r\n")
                .contains("\r\nCall-ID: peerx7\r\n")
                .contains("\r\nContact: <" + DmqMessages.contact("peerx7", 6001) + ">\r\n")
                .contains("\r\nExpires: 3600\r\n")
                .endsWith("\r\nContent-Length: 0\r\n\r\n");
        assertThat(DmqMessages.contact("peerx7", 6001)).isEqualTo("sip:peerx7@127.0.0.1:6001");
    }

    @Test
    void readsTheStatusAndCallIdOfAnAnswer() {
        String ok = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:40000;rport=40000;branch=z9hG4bKa\r\n"
                + "call-id: peerx7\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
        String compact = "SIP/2.0 500 Server Internal Error\r\ni: peerx8\r\n\r\n";

        assertThat(DmqMessages.answer(ok)).contains(new DmqMessages.Answer(200, "peerx7"));
        assertThat(DmqMessages.answer(compact)).contains(new DmqMessages.Answer(500, "peerx8"));
        assertThat(DmqMessages.answer("REGISTER sip:127.0.0.1 SIP/2.0\r\nCall-ID: x\r\n\r\n")).isEmpty();
        assertThat(DmqMessages.answer("SIP/2.0 200 OK\r\nCSeq: 1 REGISTER\r\n\r\n")).isEmpty();
        assertThat(DmqMessages.answer("SIP/2.0 abc\r\nCall-ID: x\r\n\r\n")).isEmpty();
    }

    @Test
    void countsTheActiveNodesOfDmqListNodes() {
        // As Kamailio 5.6 answers, one node still being pinged.
        JsonNode reply = json("{\"jsonrpc\":\"2.0\",\"result\":["
                + "{\"host\":\"127.0.0.1\",\"port\":\"25074\",\"status\":\"active\",\"local\":0},"
                + "{\"host\":\"127.0.0.1\",\"port\":\"25073\",\"status\":\"pending\",\"local\":0},"
                + "{\"host\":\"127.0.0.1\",\"port\":\"25071\",\"status\":\"active\",\"local\":1}],\"id\":7}");

        assertThat(DmqMessages.activeNodes(reply)).isEqualTo(2);
        assertThat(DmqMessages.activeNodes(json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":500},\"id\":7}"))).isZero();
    }

    @Test
    void aLookupShowsTheRegistrationOnlyWithItsContact() {
        JsonNode found = json("{\"jsonrpc\":\"2.0\",\"result\":{\"AoR\":\"peerx7\",\"Contacts\":[{\"Contact\":"
                + "{\"Address\":\"sip:peerx7@127.0.0.1:6001\",\"Expires\":3600,\"Call-ID\":\"peerx7\"}}]},\"id\":3}");
        JsonNode unknown = json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":500,\"message\":\"AOR not found in location table\"},"
                + "\"id\":3}");

        assertThat(DmqMessages.hasContact(found, "sip:peerx7@127.0.0.1:6001")).isTrue();
        assertThat(DmqMessages.hasContact(found, "sip:peerx7@127.0.0.1:6002")).isFalse();
        assertThat(DmqMessages.hasContact(unknown, "sip:peerx7@127.0.0.1:6001")).isFalse();
    }
}
