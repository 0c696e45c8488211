package io.roam.hub.status;

import io.roam.hub.relay.RelayStatus;
import io.roam.hub.relay.RelayStatusBoard;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class RelayHealthIndicatorTest {

    @Test
    void a_relay_that_stopped_for_good_is_down_so_that_a_supervisor_replaces_the_instance() {
        assertThat(healthIn(RelayStatus.State.FAILED).getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void a_relay_waiting_for_the_broker_is_up_restarting_it_would_not_help() {
        assertThat(healthIn(RelayStatus.State.RETRYING).getStatus()).isEqualTo(Status.UP);
        assertThat(healthIn(RelayStatus.State.RUNNING).getStatus()).isEqualTo(Status.UP);
        assertThat(healthIn(RelayStatus.State.RETRYING).getDetails()).containsEntry("lastError", "boom");
    }

    private static Health healthIn(RelayStatus.State state) {
        RelayStatus status = new RelayStatus(state, false, new TreeSet<>(), Map.of(), Map.of(), "boom", Instant.now());
        return new RelayHealthIndicator(new RelayStatusBoard(status)).health();
    }
}
