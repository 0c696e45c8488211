package io.roam.events;

/**
 * A wrong PIN for the user at some cluster; counted network-wide for the lockout. {@code source}
 * is the address the attempt came from, as the cluster saw it (null in records written before).
 */
public record PinRejected(String userId, String cluster, String device, String source, long hlc)
        implements RoamingEvent {

    /** A rejection that does not say where it came from. */
    public PinRejected(String userId, String cluster, String device, long hlc) {
        this(userId, cluster, device, null, hlc);
    }
}
