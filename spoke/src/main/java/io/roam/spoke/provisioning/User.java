package io.roam.spoke.provisioning;

import io.roam.events.EmccLoginRefused;
import io.roam.events.HybridLogicalClock;
import io.roam.events.NetworkKeys;
import io.roam.events.SealedPin;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.credentials.CredentialsRecorded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A user whose home is this cluster: the only place it is defined, changed or deleted. */
@Aggregate(cache = "aggregateCache")
public class User {

    @AggregateIdentifier
    private String userId;
    private String pinHash;
    private boolean removed;

    protected User() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    UserProvisioned handle(ProvisionUser command, LocalCluster cluster, HybridLogicalClock clock, NetworkKeys keys) {
        String hash = command.pinHash() != null ? command.pinHash() : (removed ? null : pinHash);
        if (hash == null) {
            throw new EmException(EmError.BLANK_USERID_OR_PIN, "a new user needs a PIN");
        }
        // a superuser's or EMCC user's hash travels to every cluster: sealed when the network has a key
        boolean travels = command.superuser() || command.emcc();
        String readable = travels && !keys.seals() ? hash : null;
        SealedPin sealed = travels && keys.seals() ? keys.seal(command.userId(), hash) : null;
        UserProvisioned provisioned = new UserProvisioned(command.userId(), cluster.id(), command.dns(),
                command.superuser(), command.emcc(), command.selfServiceId(), readable, sealed, clock.tick());
        apply(provisioned);
        if (!hash.equals(pinHash)) {
            apply(new CredentialsRecorded(command.userId(), hash));
        }
        return provisioned;
    }

    @CommandHandler
    UserRemoved handle(RemoveUser command, LocalCluster cluster, HybridLogicalClock clock) {
        if (removed) {
            throw new EmException(EmError.USER_DOES_NOT_EXIST, userId + " was already deleted");
        }
        UserRemoved event = new UserRemoved(userId, cluster.id(), clock.tick());
        apply(event);
        return event;
    }

    /** A deleted user's logins end anyway: nothing to refuse. */
    @CommandHandler
    Optional<EmccLoginRefused> handle(RefuseEmccLogin command, LocalCluster cluster, HybridLogicalClock clock) {
        if (removed) {
            return Optional.empty();
        }
        EmccLoginRefused refused = new EmccLoginRefused(command.loginId(), userId, cluster.id(),
                command.visitingCluster(), command.device(), command.reason().code(), clock.tick());
        apply(refused);
        return Optional.of(refused);
    }

    @EventSourcingHandler
    void on(UserProvisioned event) {
        userId = event.userId();
        removed = false;
    }

    @EventSourcingHandler
    void on(CredentialsRecorded event) {
        pinHash = event.pinHash();
    }

    @EventSourcingHandler
    void on(UserRemoved event) {
        removed = true;
        pinHash = null;
    }
}
