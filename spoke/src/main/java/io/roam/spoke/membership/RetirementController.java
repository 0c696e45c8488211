package io.roam.spoke.membership;

import io.roam.events.ClusterRetired;
import io.roam.events.HybridLogicalClock;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.eventstore.LocalStore;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Retiring a cluster that will not return: a deferred logout would wait for it forever, so its
 * logins end everywhere at once instead.
 */
@RestController
public class RetirementController {

    private final RoamingDirectory directory;
    private final LocalStore store;
    private final HybridLogicalClock clock;
    private final String cluster;

    public RetirementController(RoamingDirectory directory, LocalStore store, HybridLogicalClock clock,
                                LocalCluster cluster) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
        this.cluster = cluster.id();
    }

    public record Retirement(String cluster, String retiredBy, long hlc) {
    }

    @PostMapping("/api/v1/admin/clusters/{clusterId}/retire")
    Retirement retire(@PathVariable String clusterId) {
        if (clusterId.equals(cluster)) {
            throw new EmException(EmError.UNKNOWN_CLUSTER, "a cluster cannot retire itself");
        }
        if (directory.cluster(clusterId).isEmpty()) {
            throw new EmException(EmError.UNKNOWN_CLUSTER, "no cluster " + clusterId + " has been announced");
        }
        ClusterRetired retired = new ClusterRetired(clusterId, cluster, clock.tick());
        store.append(List.of(GenericEventMessage.asEventMessage(retired)));
        return new Retirement(clusterId, cluster, retired.hlc());
    }
}
