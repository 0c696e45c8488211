package io.roam.spoke.directory;

import java.util.Optional;

/**
 * Where a DN's user's emergency calls break out: at the PSTN gateway of the phone's physical
 * location, whatever the login's mode. The login's device pool says which (for EMCC, the home's
 * roaming device pool chosen by geolocation); without one, the physical cluster's own gateway; a
 * user nobody is logged in for is at its home's.
 */
public final class EmergencyRoute {

    private EmergencyRoute() {
    }

    public static Optional<String> of(DnEntry entry, RoamingDirectory directory) {
        String physical = entry.cluster() != null ? entry.cluster() : entry.homeCluster();
        Optional<String> pooled = Optional.ofNullable(entry.devicePool())
                .flatMap(pool -> directory.cluster(entry.devicePoolCluster()).flatMap(info -> info.devicePool(pool)))
                .map(pool -> pool.emergencyRoute());
        return pooled.or(() -> directory.cluster(physical).map(ClusterInfo::emergencyRoute));
    }

    /** The cluster where the user's phone stands. */
    public static String physicalCluster(DnEntry entry) {
        return entry.cluster() != null ? entry.cluster() : entry.homeCluster();
    }
}
