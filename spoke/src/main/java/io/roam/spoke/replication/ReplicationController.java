package io.roam.spoke.replication;

import io.roam.spoke.LocalCluster;
import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.RoamingDirectory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collection;
import java.util.List;

/** What an operator watches: per-origin position, lag and silence, the backlog, and the map digest. */
@RestController
@RequestMapping("/api/v1")
public class ReplicationController {

    private final LocalCluster cluster;
    private final RoamingDirectory directory;
    private final OriginTracker origins;
    private final Publisher publisher;
    private final InboundApplier applier;
    private final InboundConsumer inbound;

    public ReplicationController(LocalCluster cluster, RoamingDirectory directory, OriginTracker origins,
                                 Publisher publisher, InboundApplier applier,
                                 InboundConsumer inbound) {
        this.cluster = cluster;
        this.directory = directory;
        this.origins = origins;
        this.publisher = publisher;
        this.applier = applier;
        this.inbound = inbound;
    }

    public record PendingLogouts(int total, long owedByMe) {
    }

    public record ReplicationStatus(String cluster, String hub, Collection<OriginTracker.OriginStatus> origins,
                                    PendingLogouts pendingLogouts, long unpublished, long publishedSeq,
                                    long applied, long duplicatesDropped, long deadLettered, long parked,
                                    boolean publisherConnected, boolean applierConnected, int dns,
                                    String mapDigest) {
    }

    @GetMapping("/replication")
    public ReplicationStatus status() {
        List<String> known = directory.clusters().stream().map(ClusterInfo::cluster).toList();
        return new ReplicationStatus(cluster.id(), cluster.hubId(), origins.statuses(known),
                new PendingLogouts(directory.pendingLogoutCount(), directory.owedByLocalClusterCount()),
                publisher.unpublished(), publisher.ackedSeq(), applier.applied(), applier.duplicatesDropped(),
                applier.deadLettered(), applier.parked(), publisher.connected(), inbound.connected(),
                directory.size(), directory.mapDigest());
    }
}
