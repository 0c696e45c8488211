package io.roam.spoke.replication;

import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.RoamingDirectory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Out of service until the hub's feed has been read to its end once since start: a spoke
 * that just came back must not answer from yesterday's map. Afterwards degraded, with the
 * reason, while it cannot reach the broker, hears from no other cluster at all, has waited on a
 * gap in some origin's sequence for longer than {@code stall-after}, or has held an own event
 * unpublished for longer than that. Heartbeats keep a stalled origin looking fresh, so only
 * these ages show a stall.
 */
@Component("replication")
public class ReplicationHealth implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED");

    private final InboundConsumer inbound;
    private final Publisher publisher;
    private final OriginTracker origins;
    private final RoamingDirectory directory;
    private final long staleAfterMillis;
    private final Duration stallAfter;

    public ReplicationHealth(InboundConsumer inbound, Publisher publisher, OriginTracker origins,
                             RoamingDirectory directory, SpokeProperties properties) {
        this.inbound = inbound;
        this.publisher = publisher;
        this.origins = origins;
        this.directory = directory;
        this.staleAfterMillis = properties.replication().staleAfter().toMillis();
        this.stallAfter = properties.replication().stallAfter();
    }

    @Override
    public Health health() {
        Health.Builder health = details();
        if (!inbound.caughtUp()) {
            String reason = inbound.waitingForFeed()
                    ? "waiting for " + inbound.feed() + ", which its hub creates" : "catching up with " + inbound.feed();
            return health.status(Status.OUT_OF_SERVICE).withDetail("reason", reason).build();
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
        Optional<String> stall = stall();
        if (stall.isPresent()) {
            return health.status(DEGRADED).withDetail("reason", stall.get()).build();
        }
        return health.up().build();
    }

    /** Why replication has stalled, if it has: the longest wait on a gap, else an own event left unpublished. */
    Optional<String> stall() {
        List<Map.Entry<String, Long>> waiting = origins.waitingLongerThan(stallAfter.toMillis());
        if (!waiting.isEmpty()) {
            Map.Entry<String, Long> longest = waiting.get(0);
            return Optional.of("waiting " + longest.getValue() / 1000 + " s on a gap in the sequence of "
                    + longest.getKey() + " (" + waiting.size() + " origin(s) past " + stallAfter.toSeconds()
                    + " s): events announced but not received in order");
        }
        Duration unpublished = publisher.oldestUnpublishedAge();
        if (unpublished.compareTo(stallAfter) > 0) {
            return Optional.of("the oldest own event has waited " + unpublished.toSeconds()
                    + " s for the broker to acknowledge it (limit " + stallAfter.toSeconds() + " s)");
        }
        return Optional.empty();
    }

    private Health.Builder details() {
        return Health.unknown()
                .withDetail("caughtUp", inbound.caughtUp())
                .withDetail("unpublished", publisher.unpublished())
                .withDetail("oldestUnpublishedMs", publisher.oldestUnpublishedAge().toMillis())
                .withDetail("brokerReachable", publisher.connected() && inbound.connected());
    }
}
