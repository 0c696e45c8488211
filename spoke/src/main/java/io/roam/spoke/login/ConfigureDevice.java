package io.roam.spoke.login;

import io.roam.events.Geolocation;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Define or redefine a phone of this cluster; no geolocation is {@link Geolocation#NONE}, no pool null. */
public record ConfigureDevice(@TargetAggregateIdentifier String device, boolean emEnabled, boolean emccSupported,
                              Geolocation geolocation, String devicePool) {

    public ConfigureDevice {
        geolocation = geolocation == null ? Geolocation.NONE : geolocation;
    }
}
