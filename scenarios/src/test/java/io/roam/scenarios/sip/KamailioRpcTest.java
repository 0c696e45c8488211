package io.roam.scenarios.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KamailioRpcTest {

    private static JsonNode json(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return KamailioRpc.parse(bytes, bytes.length);
    }

    @Test
    void buildsJsonRpcRequestsAndMatchesRepliesById() {
        JsonNode request = json(new String(KamailioRpc.request(42, "ul.lookup", "location", "peerx7"),
                StandardCharsets.UTF_8));

        assertThat(request.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(request.path("method").asText()).isEqualTo("ul.lookup");
        assertThat(request.path("params").toString()).isEqualTo("[\"location\",\"peerx7\"]");
        assertThat(KamailioRpc.replyId(request)).hasValue(42);
        assertThat(KamailioRpc.replyId(json("{\"jsonrpc\":\"2.0\",\"result\":[]}"))).isEmpty();
        assertThat(KamailioRpc.replyId(json("not json"))).isEmpty();
    }
}
