package io.roam.events;

import java.util.List;

/**
 * A user defined (or redefined) at its home cluster. Last writer wins by (hlc, homeCluster).
 * {@code pinHash} is a salted slow hash and is present only for superusers: plain users'
 * credentials never leave their home cluster.
 */
public record UserProvisioned(String userId, String homeCluster, List<String> dns, boolean superuser,
                              String selfServiceId, String pinHash, long hlc) implements RoamingEvent {
    public UserProvisioned {
        dns = dns == null ? List.of() : List.copyOf(dns);
    }
}
