package io.roam.spoke.login;

import io.roam.events.HybridLogicalClock;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.eventstore.LocalStore;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Ends this cluster's logins that no phone aggregate holds, such as those a store got back from the
 * topics without the phones' configuration: their logouts are recorded as they are, without a
 * command, or the other clusters would list them as open for ever.
 */
@Component
class PhonelessLogouts {

    /** One login to end: who, on which phone, and why. */
    record Ending(String loginId, String userId, String device, LogoutReason reason, String supersededBy) {
    }

    private final LocalStore store;
    private final HybridLogicalClock clock;
    private final LocalCluster cluster;

    PhonelessLogouts(LocalStore store, HybridLogicalClock clock, LocalCluster cluster) {
        this.store = store;
        this.clock = clock;
        this.cluster = cluster;
    }

    /** Stores the logouts in one transaction. */
    void record(List<Ending> endings) {
        if (endings.isEmpty()) {
            return;
        }
        List<EventMessage<?>> logouts = endings.stream()
                .<EventMessage<?>>map(e -> GenericEventMessage.asEventMessage(new UserLoggedOut(e.loginId(), e.userId(),
                        cluster.id(), e.device(), e.reason(), e.supersededBy(), clock.tick())))
                .toList();
        store.append(logouts);
    }

    /** Whether a command failed because its phone is no aggregate (any more). */
    static boolean deviceMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AggregateNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
