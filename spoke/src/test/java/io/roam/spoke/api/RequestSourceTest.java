package io.roam.spoke.api;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSourceTest {

    private static MockHttpServletRequest from(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/em/login");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    @Test
    void by_default_the_source_is_the_peer_and_x_forwarded_for_is_ignored() {
        assertThat(new RequestSource(false).of(from("10.1.1.1", "192.0.2.7"))).isEqualTo("10.1.1.1");
    }

    @Test
    void behind_a_trusted_proxy_the_source_is_the_first_forwarded_hop() {
        RequestSource behindProxy = new RequestSource(true);

        assertThat(behindProxy.of(from("10.9.9.9", "192.0.2.7, 10.0.0.5"))).isEqualTo("192.0.2.7");
        assertThat(behindProxy.of(from("10.9.9.9", "2001:db8::7"))).isEqualTo("2001:db8::7");
        assertThat(behindProxy.of(from("10.9.9.9", null))).isEqualTo("10.9.9.9");
    }

    @Test
    void a_forwarded_hop_that_is_no_address_is_not_taken_for_a_source() {
        RequestSource behindProxy = new RequestSource(true);

        assertThat(behindProxy.of(from("10.9.9.9", "x".repeat(5000)))).isEqualTo("10.9.9.9");
        assertThat(behindProxy.of(from("10.9.9.9", "unknown, 10.0.0.5"))).isEqualTo("10.9.9.9");
    }
}
