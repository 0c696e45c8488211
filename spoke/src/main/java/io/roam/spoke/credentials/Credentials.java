package io.roam.spoke.credentials;

import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import io.roam.spoke.eventstore.Projection;
import io.roam.spoke.provisioning.CredentialsRecorded;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The PIN hashes this cluster can check: its own users' and every superuser's. */
@Component
public class Credentials implements Projection {

    private final Map<String, Versioned> hashes = new ConcurrentHashMap<>();

    @Override
    public void apply(Object event) {
        if (event instanceof CredentialsRecorded e) {
            hashes.put(e.userId(), new Versioned(e.pinHash(), Long.MAX_VALUE));
        } else if (event instanceof UserProvisioned e && e.pinHash() != null) {
            hashes.merge(e.userId(), new Versioned(e.pinHash(), e.hlc()),
                    (old, neu) -> neu.hlc > old.hlc ? neu : old);
        } else if (event instanceof UserRemoved e) {
            hashes.remove(e.userId());
        }
    }

    public Optional<String> pinHash(String userId) {
        return Optional.ofNullable(hashes.get(userId)).map(Versioned::hash);
    }

    /** A home cluster's own record always wins over a replicated copy. */
    private record Versioned(String hash, long hlc) {
    }
}
