package io.roam.spoke.replication;

import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.RoamingDirectory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Out of service until the inbound topic has been read to its end once since start: a spoke
 * that just came back must not answer from yesterday's map. Afterwards degraded, with the
 * reason, while it cannot reach the broker or hears from no other cluster at all.
 */
@Component("replication")
public class ReplicationHealth implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED");

    private final InboundConsumer inbound;
    private final Publisher publisher;
    private final OriginTracker origins;
    private final RoamingDirectory directory;
    private final long staleAfterMillis;

    public ReplicationHealth(InboundConsumer inbound, Publisher publisher, OriginTracker origins,
                             RoamingDirectory directory, SpokeProperties properties) {
        this.inbound = inbound;
        this.publisher = publisher;
        this.origins = origins;
        this.directory = directory;
        this.staleAfterMillis = properties.replication().staleAfter().toMillis();
    }

    @Override
    public Health health() {
        Health.Builder health = details();
        if (!inbound.caughtUp()) {
            return health.status(Status.OUT_OF_SERVICE).withDetail("reason", "catching up with the inbound topic").build();
        }
        if (!publisher.connected() || !inbound.connected()) {
            return health.status(DEGRADED).withDetail("reason", "the Kafka broker is unreachable").build();
        }
        List<String> peers = directory.clusters().stream().map(ClusterInfo::cluster)
                .filter(c -> !c.equals(directory.localCluster()) && !directory.isRetired(c)).toList();
        if (!peers.isEmpty() && peers.stream().allMatch(origins::isStale)) {
            return health.status(DEGRADED).withDetail("reason",
                    "nothing from any other cluster for over " + staleAfterMillis + " ms: the hub is down or cut off").build();
        }
        return health.up().build();
    }

    private Health.Builder details() {
        return Health.unknown()
                .withDetail("caughtUp", inbound.caughtUp())
                .withDetail("unpublished", publisher.unpublished())
                .withDetail("brokerReachable", publisher.connected() && inbound.connected());
    }
}
