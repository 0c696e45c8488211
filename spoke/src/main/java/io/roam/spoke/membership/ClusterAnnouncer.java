package io.roam.spoke.membership;

import io.roam.events.ClusterAnnounced;
import io.roam.events.DevicePool;
import io.roam.events.EmccSettings;
import io.roam.events.HybridLogicalClock;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.emcc.EmccProperties;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.eventstore.LocalStore;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Announces this cluster, its hub, its SIP route string, its emergency route and device pools
 * and its EMCC settings to the network, as ILS does, so that adding a cluster needs
 * configuration only on the new cluster. Only a change is announced.
 */
@Component
public class ClusterAnnouncer {

    private final RoamingDirectory directory;
    private final LocalStore store;
    private final HybridLogicalClock clock;
    private final LocalCluster cluster;
    private final String routeString;
    private final EmccSettings emcc;
    private final String emergencyRoute;
    private final List<DevicePool> devicePools;

    public ClusterAnnouncer(RoamingDirectory directory, LocalStore store, HybridLogicalClock clock,
                            LocalCluster cluster, SpokeProperties properties, EmccProperties emcc,
                            LocationProperties locations) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
        this.cluster = cluster;
        this.routeString = properties.routeString();
        this.emcc = emcc.announced();
        this.emergencyRoute = locations.emergencyRoute().isBlank() ? routeString : locations.emergencyRoute();
        this.devicePools = locations.devicePools();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void announce() {
        Optional<ClusterInfo> known = directory.cluster(cluster.id());
        if (known.isPresent() && known.get().hub().equals(cluster.hubId())
                && known.get().routeString().equals(routeString) && known.get().emcc().equals(emcc)
                && known.get().emergencyRoute().equals(emergencyRoute) && known.get().devicePools().equals(devicePools)) {
            return;
        }
        ClusterAnnounced announced = new ClusterAnnounced(cluster.id(), cluster.hubId(), routeString, clock.tick(),
                emcc, emergencyRoute, devicePools);
        store.append(List.of(GenericEventMessage.asEventMessage(announced)));
    }
}
