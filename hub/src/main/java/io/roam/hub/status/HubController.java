package io.roam.hub.status;

import io.roam.hub.HubIdentity;
import io.roam.hub.relay.RelayMetrics;
import io.roam.hub.relay.RelayStatus;
import io.roam.hub.relay.RelayStatusBoard;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class HubController {

    private final HubIdentity hub;
    private final RelayStatusBoard board;
    private final RelayMetrics metrics;

    HubController(HubIdentity hub, RelayStatusBoard board, RelayMetrics metrics) {
        this.hub = hub;
        this.board = board;
        this.metrics = metrics;
    }

    @GetMapping("/hub")
    HubView hub() {
        RelayStatus status = board.current();
        return new HubView(hub.hubId(), hub.instanceId(), status.active() ? "ACTIVE" : "STANDBY", status.state().name(),
                hub.spokes(), status.peers(), status.members(), metrics.relayed(), status.backlog(),
                metrics.deadLettered(), status.lastError());
    }
}
