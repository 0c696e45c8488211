package io.roam.events;

import java.util.List;

/**
 * A user defined (or redefined) at its home cluster. Last writer wins by (hlc, homeCluster).
 * A superuser's salted slow PIN hash travels in {@code sealedPin}, encrypted with a network key
 * ({@link NetworkKeys}); {@code pinHash} is then null. A cluster without a network key, and
 * records written before keys existed, carry it readable in {@code pinHash}. Plain users'
 * credentials never leave their home cluster: both are null.
 */
public record UserProvisioned(String userId, String homeCluster, List<String> dns, boolean superuser,
                              String selfServiceId, String pinHash, SealedPin sealedPin, long hlc)
        implements RoamingEvent {
    public UserProvisioned {
        dns = dns == null ? List.of() : List.copyOf(dns);
    }

    /** A definition with a readable hash (or none), as written before network keys. */
    public UserProvisioned(String userId, String homeCluster, List<String> dns, boolean superuser,
                           String selfServiceId, String pinHash, long hlc) {
        this(userId, homeCluster, dns, superuser, selfServiceId, pinHash, null, hlc);
    }
}
