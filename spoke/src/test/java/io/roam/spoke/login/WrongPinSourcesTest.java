package io.roam.spoke.login;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrongPinSourcesTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final WrongPinSources sources = new WrongPinSources(new EmAbuseSettings(200, 400, 1000, 3, WINDOW),
            new SimpleMeterRegistry(), now::get);

    @Test
    void a_source_whose_wrong_pins_reach_the_limit_of_users_is_refused_with_26_until_the_window_passes() {
        sources.wrongPin("10.0.0.1", "ann");
        now.addAndGet(1000);
        sources.wrongPin("10.0.0.1", "ben");
        assertThatCode(() -> sources.admit("10.0.0.1")).doesNotThrowAnyException();

        sources.wrongPin("10.0.0.1", "cat");

        assertThatThrownBy(() -> sources.admit("10.0.0.1")).isInstanceOfSatisfying(EmException.class, e -> {
            assertThat(e.error()).isEqualTo(EmError.THROTTLED);
            assertThat(e.error().code()).isEqualTo(26);
            assertThat(e.retryAfter()).isEqualTo(WINDOW.minusSeconds(1));
        });
        now.addAndGet(WINDOW.toMillis() - 1000);
        assertThatCode(() -> sources.admit("10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void another_source_is_not_affected() {
        for (String user : new String[]{"ann", "ben", "cat"}) {
            sources.wrongPin("10.0.0.1", user);
        }

        assertThatCode(() -> sources.admit("10.0.0.2")).doesNotThrowAnyException();
    }

    @Test
    void one_users_own_mistakes_however_many_never_refuse_the_source() {
        for (int i = 0; i < 50; i++) {
            sources.wrongPin("10.0.0.1", "ann");
        }

        assertThatCode(() -> sources.admit("10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void a_limit_of_zero_refuses_no_source() {
        WrongPinSources unlimited = new WrongPinSources(new EmAbuseSettings(200, 400, 1000, 0, WINDOW),
                new SimpleMeterRegistry(), now::get);
        for (int i = 0; i < 50; i++) {
            unlimited.wrongPin("10.0.0.1", "user-" + i);
        }

        assertThatCode(() -> unlimited.admit("10.0.0.1")).doesNotThrowAnyException();
    }
}
