package io.roam.spoke.directory;

import io.roam.events.DevicePool;
import io.roam.events.EmccSettings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Membership as a cluster announced it: its hub, the SIP route string for calls to it, its
 * emergency route (its own PSTN gateway), its device pools and its EMCC settings.
 */
public record ClusterInfo(String cluster, String hub, String routeString, long hlc, EmccSettings emcc,
                          String emergencyRoute, List<DevicePool> devicePools) {

    public Optional<DevicePool> devicePool(String name) {
        return devicePools.stream().filter(pool -> pool.name().equals(name)).findFirst();
    }

    /** Whether a DN routed here or standing here needs its answer told again. */
    boolean routesDifferently(ClusterInfo other) {
        return !Objects.equals(routeString, other.routeString) || !Objects.equals(emergencyRoute, other.emergencyRoute)
                || !Objects.equals(devicePools, other.devicePools);
    }
}
