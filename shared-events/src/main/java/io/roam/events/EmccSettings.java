package io.roam.events;

import java.util.List;

/**
 * What a cluster announces of its EMCC configuration, so that a visiting cluster can decide an
 * EMCC login of one of its users: whether it lets its users log in elsewhere in EMCC mode (the
 * seed's error 38 when not), the remote clusters it accepts them from (35), its EMCC dummy
 * devices per visiting cluster (33 when all are in use), and its EMCC geolocation filter: the
 * fields that count when it picks a roaming device pool for a visiting phone.
 */
public record EmccSettings(boolean allowed, List<String> remoteClusters, int dummyDevices,
                           List<Geolocation.Field> geolocationFilter) {

    public static final EmccSettings NONE = new EmccSettings(false, List.of(), 0, List.of());

    public EmccSettings {
        remoteClusters = remoteClusters == null ? List.of() : List.copyOf(remoteClusters);
        geolocationFilter = geolocationFilter == null ? List.of() : List.copyOf(geolocationFilter);
    }
}
