package io.roam.spoke.login;

import io.roam.spoke.api.EmException;
import io.roam.spoke.api.RequestSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validate IP Address, Trusted List of IPs and Allow Proxy, as the EM seed defines them. */
class TrustedSourcesTest {

    private static final String TRUSTED = "10.0.0.7; 2001:db8::7 ;localhost";

    private static MockHttpServletRequest from(String peer, String header, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/em/login");
        request.setRemoteAddr(peer);
        if (header != null) {
            request.addHeader(header, value);
        }
        return request;
    }

    private static boolean admits(TrustedSources sources, MockHttpServletRequest request) {
        return sources.preHandle(request, new MockHttpServletResponse(), new Object());
    }

    private static int refusal(TrustedSources sources, MockHttpServletRequest request) {
        try {
            admits(sources, request);
        } catch (EmException e) {
            return e.error().code();
        }
        throw new AssertionError("admitted " + request.getRemoteAddr());
    }

    @Test
    void with_validation_off_any_source_and_any_proxy_is_admitted() {
        TrustedSources off = new TrustedSources(new RequestSource(false), false, false, TRUSTED);

        assertThat(admits(off, from("192.0.2.1", null, null))).isTrue();
        assertThat(admits(off, from("192.0.2.1", "Via", "SIP/2.0/UDP proxy"))).isTrue();
    }

    @Test
    void with_validation_on_only_listed_addresses_and_resolved_hostnames_are_trusted() {
        TrustedSources on = new TrustedSources(new RequestSource(false), true, false, TRUSTED);

        assertThat(admits(on, from("10.0.0.7", null, null))).isTrue();
        assertThat(admits(on, from("2001:db8:0:0:0:0:0:7", null, null))).isTrue();
        assertThat(admits(on, from("127.0.0.1", null, null))).as("localhost, resolved").isTrue();
        assertThat(refusal(on, from("10.0.0.8", null, null))).isEqualTo(28);
        assertThat(refusal(on, from("unknown", null, null))).isEqualTo(28);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For", "Forwarded", "Via"})
    void a_call_through_a_proxy_is_refused_with_30_unless_proxies_are_allowed(String header) {
        TrustedSources noProxy = new TrustedSources(new RequestSource(false), true, false, TRUSTED);
        TrustedSources proxyAllowed = new TrustedSources(new RequestSource(false), true, true, TRUSTED);

        assertThat(refusal(noProxy, from("10.0.0.7", header, "10.0.0.99"))).isEqualTo(30);
        assertThat(admits(proxyAllowed, from("10.0.0.7", header, "10.0.0.99"))).as("the trusted proxy's own address").isTrue();
    }

    @Test
    void behind_a_trusted_reverse_proxy_its_own_hop_is_no_proxy_and_the_client_is_validated() {
        TrustedSources behindOurProxy = new TrustedSources(new RequestSource(true), true, false, TRUSTED);

        assertThat(admits(behindOurProxy, from("10.9.9.9", "X-Forwarded-For", "10.0.0.7"))).isTrue();
        assertThat(refusal(behindOurProxy, from("10.9.9.9", "X-Forwarded-For", "192.0.2.1"))).isEqualTo(28);
        assertThat(refusal(behindOurProxy, from("10.9.9.9", "X-Forwarded-For", "10.0.0.7, 10.0.0.99"))).isEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/24", "10.0.0.*", "10\\.0\\.0\\..*", "no-such-host.invalid"})
    void ranges_patterns_and_names_that_do_not_resolve_are_refused_at_start(String entry) {
        assertThatThrownBy(() -> TrustedSources.resolve("10.0.0.7;" + entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trusted-list-of-ips");
    }

    @Test
    void the_list_holds_at_most_the_seeds_1024_characters() {
        String tooLong = "10.0.0.7;".repeat(TrustedSources.MAX_LIST_LENGTH / 9 + 1);

        assertThatThrownBy(() -> TrustedSources.resolve(tooLong)).isInstanceOf(IllegalArgumentException.class);
    }
}
