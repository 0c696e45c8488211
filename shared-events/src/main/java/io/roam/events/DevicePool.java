package io.roam.events;

/**
 * A device pool of a cluster: where its phones are, and the route string of the PSTN gateway
 * that breaks out their emergency calls there. A home cluster's pools are also its roaming
 * device pools for EMCC logins of its users elsewhere: the one that best matches the visiting
 * phone's geolocation carries that phone's emergency calls.
 */
public record DevicePool(String name, Geolocation geolocation, String emergencyRoute) {

    public DevicePool {
        if (geolocation == null) {
            geolocation = Geolocation.NONE;
        }
    }
}
