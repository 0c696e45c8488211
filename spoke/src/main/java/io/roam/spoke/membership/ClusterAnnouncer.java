package io.roam.spoke.membership;

import io.roam.events.ClusterAnnounced;
import io.roam.events.HybridLogicalClock;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.eventstore.LocalStore;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Announces this cluster, its hub and its SIP route string to the network, as ILS does, so that
 * adding a cluster needs configuration only on the new cluster. Only a change is announced.
 */
@Component
public class ClusterAnnouncer {

    private final RoamingDirectory directory;
    private final LocalStore store;
    private final HybridLogicalClock clock;
    private final LocalCluster cluster;
    private final String routeString;

    public ClusterAnnouncer(RoamingDirectory directory, LocalStore store, HybridLogicalClock clock,
                            LocalCluster cluster, SpokeProperties properties) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
        this.cluster = cluster;
        this.routeString = properties.routeString();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void announce() {
        Optional<ClusterInfo> known = directory.cluster(cluster.id());
        if (known.isPresent() && known.get().hub().equals(cluster.hubId())
                && known.get().routeString().equals(routeString)) {
            return;
        }
        ClusterAnnounced announced = new ClusterAnnounced(cluster.id(), cluster.hubId(), routeString, clock.tick());
        store.append(List.of(GenericEventMessage.asEventMessage(announced)));
    }
}
