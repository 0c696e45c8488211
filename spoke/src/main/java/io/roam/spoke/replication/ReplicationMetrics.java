package io.roam.spoke.replication;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roam.spoke.directory.PendingLogout;
import io.roam.spoke.directory.RoamingDirectory;
import org.springframework.stereotype.Component;

/** The spoke-wide figures an operator alerts on; per-origin ones live in {@link OriginTracker}. */
@Component
public class ReplicationMetrics {

    public ReplicationMetrics(MeterRegistry meters, RoamingDirectory directory, Publisher publisher,
                              InboundApplier applier) {
        Gauge.builder("roam.pending.logouts", directory, RoamingDirectory::pendingLogoutCount)
                .description("superseded logins whose cluster has not ended them yet").register(meters);
        Gauge.builder("roam.pending.logout.oldest.age", directory, ReplicationMetrics::oldestPendingSeconds)
                .description("age of the oldest deferred logout").baseUnit("seconds").register(meters);
        Gauge.builder("roam.outbox.unpublished", publisher, Publisher::unpublished)
                .description("local events not yet acknowledged by the broker").baseUnit("events").register(meters);
        Gauge.builder("roam.outbox.oldest.unpublished.age", publisher, p -> p.oldestUnpublishedAge().toMillis() / 1000.0)
                .description("how long the oldest local event not yet acknowledged by the broker has waited (0: none)")
                .baseUnit("seconds").register(meters);
        Gauge.builder("roam.dead.letters", applier, InboundApplier::deadLettered)
                .description("records refused by the applier, waiting for a replay").register(meters);
        Gauge.builder("roam.parked.events", applier, InboundApplier::parked)
                .description("events of a newer schema version (and those behind them) waiting for an upgrade")
                .register(meters);
        FunctionCounter.builder("roam.events.duplicates", applier, InboundApplier::duplicatesDropped)
                .description("records dropped because their (origin, sequence) was already applied").register(meters);
        Gauge.builder("roam.directory.dns", directory, RoamingDirectory::size)
                .description("DNs in the replicated directory").register(meters);
    }

    private static double oldestPendingSeconds(RoamingDirectory directory) {
        if (directory.pendingLogoutCount() == 0) {
            return 0;
        }
        long now = System.currentTimeMillis();
        return directory.pendingLogouts().stream().mapToLong(PendingLogout::sinceMillis)
                .map(since -> now - since).max().orElse(0) / 1000.0;
    }
}
