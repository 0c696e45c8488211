package io.roam.events;

import java.util.List;

/**
 * What a cluster announces of its EMCC configuration, so that a visiting cluster can decide an
 * EMCC login of one of its users: whether it lets its users log in elsewhere in EMCC mode (the
 * seed's error 38 when not), the remote clusters it accepts them from (35), and its EMCC dummy
 * devices per visiting cluster (33 when all are in use).
 */
public record EmccSettings(boolean allowed, List<String> remoteClusters, int dummyDevices) {

    public static final EmccSettings NONE = new EmccSettings(false, List.of(), 0);

    public EmccSettings {
        remoteClusters = remoteClusters == null ? List.of() : List.copyOf(remoteClusters);
    }
}
