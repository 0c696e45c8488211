package io.roam.events;

import java.util.List;

/**
 * A user defined (or redefined) at its home cluster. Last writer wins by (hlc, homeCluster).
 * A superuser's salted slow PIN hash travels in {@code sealedPin}, encrypted with a network key
 * ({@link NetworkKeys}); {@code pinHash} is then null. A cluster without a network key, and
 * records written before keys existed, carry it readable in {@code pinHash}. Plain users'
 * credentials never leave their home cluster: both are null. An EMCC-enabled user's ({@code emcc},
 * the seed's "Enable Extension Mobility Cross Cluster") travel as a superuser's do, so that a
 * visiting cluster can check the PIN itself. Receivers that predate {@code emcc} ignore it and
 * refuse such a user's logins away from home, as they refuse any plain user's. {@code emcc} is
 * boxed so that a record written before it (no such field) reads as false.
 */
public record UserProvisioned(String userId, String homeCluster, List<String> dns, boolean superuser,
                              Boolean emcc, String selfServiceId, String pinHash, SealedPin sealedPin, long hlc)
        implements RoamingEvent {
    public UserProvisioned {
        dns = dns == null ? List.of() : List.copyOf(dns);
        emcc = Boolean.TRUE.equals(emcc);
    }

    /** A definition of a user who is not EMCC-enabled. */
    public UserProvisioned(String userId, String homeCluster, List<String> dns, boolean superuser,
                           String selfServiceId, String pinHash, SealedPin sealedPin, long hlc) {
        this(userId, homeCluster, dns, superuser, false, selfServiceId, pinHash, sealedPin, hlc);
    }

    /** A definition with a readable hash (or none), as written before network keys. */
    public UserProvisioned(String userId, String homeCluster, List<String> dns, boolean superuser,
                           String selfServiceId, String pinHash, long hlc) {
        this(userId, homeCluster, dns, superuser, false, selfServiceId, pinHash, null, hlc);
    }
}
