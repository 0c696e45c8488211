package io.roam.scenarios.sip;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipCallTest {

    @Test
    void reads_an_answered_call_as_the_caller_scenario_logs_it() {
        SipCall call = SipCall.parse("1796626512.000000;986655.000000;6100007;200.000000;41919.000000;1796626513.000000;4146.000000");

        assertThat(call.sent()).isEqualTo(Instant.ofEpochSecond(1796626512, 986_655_000));
        assertThat(call.dn()).isEqualTo("6100007");
        assertThat(call.answered()).isTrue();
        assertThat(call.answeringPort()).isEqualTo(OptionalInt.of(41919));
        assertThat(call.setup()).isEqualTo(Duration.ofNanos(17_491_000));
    }

    @Test
    void a_microsecond_part_sipp_printed_as_nothing_is_zero() {
        SipCall call = SipCall.parse("1796626512.000000;;6100007;200;41919;1796626512.000000;4146.000000");

        assertThat(call.sent()).isEqualTo(Instant.ofEpochSecond(1796626512));
        assertThat(call.setup()).isEqualTo(Duration.ofNanos(4_146_000));
    }

    @Test
    void a_refused_call_has_no_answering_port() {
        SipCall call = SipCall.parse("1796626512.000000;5.000000;6100099;404.000000;;1796626512.000000;905.000000");

        assertThat(call.answered()).isFalse();
        assertThat(call.status()).isEqualTo(404);
        assertThat(call.answeringPort()).isEmpty();
    }

    @Test
    void a_line_of_another_shape_is_refused() {
        assertThatThrownBy(() -> SipCall.parse("1796626512.000000;5.000000;6100099"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
