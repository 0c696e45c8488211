package io.roam.hub.status;

import io.roam.hub.relay.RelayStatus;
import io.roam.hub.relay.RelayStatusBoard;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN only when the relay stopped for good (a zombie of this instance, unauthorized): a supervisor should replace
 * the instance. A broker outage is RETRYING and stays UP: restarting the hub would not help.
 */
@Component("relay")
class RelayHealthIndicator implements HealthIndicator {

    private final RelayStatusBoard board;

    RelayHealthIndicator(RelayStatusBoard board) {
        this.board = board;
    }

    @Override
    public Health health() {
        RelayStatus status = board.current();
        Health.Builder health = status.state() == RelayStatus.State.FAILED ? Health.down() : Health.up();
        health.withDetail("state", status.state().name())
                .withDetail("role", status.active() ? "ACTIVE" : "STANDBY")
                .withDetail("since", status.since().toString());
        if (status.lastError() != null) {
            health.withDetail("lastError", status.lastError());
        }
        return health.build();
    }
}
