package io.roam.spoke.membership;

import io.roam.events.DevicePool;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Where this cluster's phones are and how their emergency calls leave: its own PSTN gateway's
 * route string ({@code roam.spoke.emergency-route}, blank: the cluster's route string) and its
 * device pools ({@code roam.spoke.device-pools[i].name}, {@code .geolocation.city}, ...,
 * {@code .emergency-route}).
 */
@ConfigurationProperties("roam.spoke")
public record LocationProperties(@DefaultValue("") String emergencyRoute, List<DevicePool> devicePools) {

    public LocationProperties {
        devicePools = devicePools == null ? List.of() : List.copyOf(devicePools);
        if (devicePools.stream().map(DevicePool::name).distinct().count() != devicePools.size()) {
            throw new IllegalArgumentException("roam.spoke.device-pools: two pools have the same name");
        }
        for (DevicePool pool : devicePools) {
            if (pool.name() == null || pool.name().isBlank() || pool.emergencyRoute() == null
                    || !pool.emergencyRoute().matches("sips?:[^ |]+")) {
                throw new IllegalArgumentException("roam.spoke.device-pools: each pool needs a name and an emergency-route"
                        + " that is a SIP URI");
            }
        }
    }
}
