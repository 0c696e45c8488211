package io.roam.events;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a payload is its origin's to state (docs/design.md, rule 9 and Security). The
 * envelope's origin is already vouched for by the topic it came through (see {@link TopicPolicy});
 * this decides from the record alone whether the payload agrees with it. It never consults what
 * the receiver knows, so every receiver refuses the same records whatever the order of arrival,
 * and the directory still converges.
 *
 * <p>The rules, by event:
 * <ul>
 * <li>{@link UserLoggedIn}, {@link UserLoggedOut}: the login's {@code cluster} is the origin.
 *     Each cluster records only its own logins and ends only its own.</li>
 * <li>{@link UserProvisioned}: the {@code homeCluster} is the origin. A user is defined by
 *     the home it names.</li>
 * <li>{@link UserRemoved}: the {@code homeCluster} is the origin. Only a home removes a user,
 *     and the record names the home that removed it. The field has been part of the record
 *     from the start, so a record without it is malformed and refused.</li>
 * <li>{@link EmccLoginRefused}: the {@code homeCluster} is the origin. The visiting cluster also
 *     checks that it is the home its login registered at.</li>
 * <li>{@link PinRejected}: the {@code cluster} where the PIN was wrong is the origin.</li>
 * <li>{@link UserUnlocked}: the {@code cluster} is the origin. Any cluster may unlock a user,
 *     for example while the home is down, but only in its own name.</li>
 * <li>{@link ClusterRetired}: {@code retiredBy} is the origin, and the retired
 *     {@code cluster} is not. An administrator of any cluster may retire another one that will
 *     not return, but only in its own cluster's name, so each retirement says truly who did it.
 *     No cluster retires itself: the retirement API refuses that as well.</li>
 * <li>{@link ClusterAnnounced}, {@link ClusterHeartbeat}: the {@code cluster} is the origin.
 *     A hub also checks that an announcement names the hub it came through. This policy cannot
 *     check that from the record alone.</li>
 * <li>{@link HubHeartbeat}: the {@code hub} is the origin. Which clusters' beats it may carry
 *     depends on membership: the hub that relays it and the spoke that reads it check that.</li>
 * </ul>
 *
 * <p>This makes a cluster's statements attributable to it. It does not stop a compromised
 * cluster from stating false things about itself: logins at itself, wrong PINs at itself, users
 * it claims as their home, or retirements in its own name.
 */
public final class OriginPolicy {

    private OriginPolicy() {
    }

    /** Why the payload is not the envelope's origin's to state, or empty if it is. */
    public static Optional<String> violation(Envelope envelope) {
        RoamingEvent payload = envelope.payload();
        return switch (envelope.type()) {
            case USER_PROVISIONED -> mustBeOrigin(envelope, "homeCluster", ((UserProvisioned) payload).homeCluster());
            case USER_REMOVED -> mustBeOrigin(envelope, "homeCluster", ((UserRemoved) payload).homeCluster());
            case USER_LOGGED_IN -> mustBeOrigin(envelope, "cluster", ((UserLoggedIn) payload).cluster());
            case USER_LOGGED_OUT -> mustBeOrigin(envelope, "cluster", ((UserLoggedOut) payload).cluster());
            case EMCC_LOGIN_REFUSED -> mustBeOrigin(envelope, "homeCluster", ((EmccLoginRefused) payload).homeCluster());
            case PIN_REJECTED -> mustBeOrigin(envelope, "cluster", ((PinRejected) payload).cluster());
            case USER_UNLOCKED -> mustBeOrigin(envelope, "cluster", ((UserUnlocked) payload).cluster());
            case CLUSTER_ANNOUNCED -> mustBeOrigin(envelope, "cluster", ((ClusterAnnounced) payload).cluster());
            case CLUSTER_HEARTBEAT -> mustBeOrigin(envelope, "cluster", ((ClusterHeartbeat) payload).cluster());
            case HUB_HEARTBEAT -> mustBeOrigin(envelope, "hub", ((HubHeartbeat) payload).hub());
            case CLUSTER_RETIRED -> retirement(envelope, (ClusterRetired) payload);
        };
    }

    private static Optional<String> retirement(Envelope envelope, ClusterRetired retired) {
        Optional<String> signed = mustBeOrigin(envelope, "retiredBy", retired.retiredBy());
        if (signed.isPresent()) {
            return signed;
        }
        return envelope.origin().equals(retired.cluster())
                ? Optional.of(envelope.type().wireName() + " of its own origin " + envelope.origin())
                : Optional.empty();
    }

    private static Optional<String> mustBeOrigin(Envelope envelope, String field, String value) {
        return Objects.equals(value, envelope.origin())
                ? Optional.empty()
                : Optional.of(envelope.type().wireName() + " with " + field + " " + value + " from origin " + envelope.origin());
    }
}
