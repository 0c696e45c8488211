package io.roam.events;

/**
 * Membership, as ILS announces it: a cluster, the hub it is attached to, the SIP route string
 * that calls to its logged-in users are sent to, and its EMCC configuration (none when absent,
 * as from a cluster that predates EMCC).
 */
public record ClusterAnnounced(String cluster, String hub, String routeString, long hlc, EmccSettings emcc)
        implements RoamingEvent {

    public ClusterAnnounced {
        if (emcc == null) {
            emcc = EmccSettings.NONE;
        }
    }

    /** An announcement without EMCC. */
    public ClusterAnnounced(String cluster, String hub, String routeString, long hlc) {
        this(cluster, hub, routeString, hlc, EmccSettings.NONE);
    }
}
