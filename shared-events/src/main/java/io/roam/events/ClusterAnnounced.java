package io.roam.events;

import java.util.List;

/**
 * Membership, as ILS announces it: a cluster, the hub it is attached to, the SIP route string
 * that calls to its logged-in users are sent to, the route string of its own PSTN gateway for
 * emergency calls, its device pools, and its EMCC configuration. A cluster that predates these
 * announces none: its emergency route is then its route string.
 */
public record ClusterAnnounced(String cluster, String hub, String routeString, long hlc, EmccSettings emcc,
                               String emergencyRoute, List<DevicePool> devicePools) implements RoamingEvent {

    public ClusterAnnounced {
        if (emcc == null) {
            emcc = EmccSettings.NONE;
        }
        if (emergencyRoute == null || emergencyRoute.isBlank()) {
            emergencyRoute = routeString;
        }
        devicePools = devicePools == null ? List.of() : List.copyOf(devicePools);
    }

    /** An announcement without EMCC and device pools. */
    public ClusterAnnounced(String cluster, String hub, String routeString, long hlc) {
        this(cluster, hub, routeString, hlc, EmccSettings.NONE, null, List.of());
    }
}
