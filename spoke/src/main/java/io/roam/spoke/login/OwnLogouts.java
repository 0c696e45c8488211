package io.roam.spoke.login;

import io.roam.events.UserLoggedOut;
import io.roam.spoke.directory.DirectoryProjection;
import io.roam.spoke.directory.OwedLogout;
import io.roam.spoke.directory.RoamingDirectory;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ends this cluster's logins that another cluster's newer login superseded, or whose user was
 * deleted: the automatic logout of the roaming seed. When this cluster was down, the backlog
 * is worked off as soon as it is ready again: that is the deferred logout.
 */
@Component
public class OwnLogouts {

    private static final Logger log = LoggerFactory.getLogger(OwnLogouts.class);

    private final CommandGateway commands;
    private final RoamingDirectory directory;
    private final DirectoryProjection projection;
    private final PhonelessLogouts phoneless;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "own-logouts");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;

    public OwnLogouts(CommandGateway commands, RoamingDirectory directory, DirectoryProjection projection,
                      PhonelessLogouts phoneless) {
        this.commands = commands;
        this.directory = directory;
        this.projection = projection;
        this.phoneless = phoneless;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        projection.onOwedLogouts(owed -> worker.execute(() -> endAll(owed)));
        ready = true;
        sweep();
    }

    /** Catches what a failed attempt left behind; ending a login is idempotent. */
    @Scheduled(fixedDelayString = "${roam.spoke.own-logout-sweep:5s}")
    void sweep() {
        // The count is kept as events arrive; the list walks every user.
        if (ready && directory.owedByLocalClusterCount() > 0) {
            List<OwedLogout> owed = directory.owedByLocalCluster();
            if (!owed.isEmpty()) {
                worker.execute(() -> endAll(owed));
            }
        }
    }

    private void endAll(List<OwedLogout> owed) {
        for (OwedLogout logout : owed) {
            try {
                Optional<UserLoggedOut> ended = commands.sendAndWait(
                        new EndLogin(logout.device(), logout.loginId(), logout.reason(), logout.supersededBy()));
                if (ended.isEmpty() && stillOwed(logout)) {
                    // The phone is configured again but does not hold the login: its state was lost.
                    recordWithoutDevice(logout);
                }
            } catch (RuntimeException e) {
                if (PhonelessLogouts.deviceMissing(e)) {
                    recordWithoutDevice(logout);
                } else {
                    log.warn("could not end login {} on {} yet: {}", logout.loginId(), logout.device(), e.toString());
                }
            }
        }
    }

    private boolean stillOwed(OwedLogout logout) {
        return directory.owedByLocalCluster().stream().anyMatch(o -> o.loginId().equals(logout.loginId()));
    }

    /**
     * A spoke that lost its data gets its own logins back from its outbound topic, but not its
     * phones' configuration or the logins they held. The logout it owes is still its to record, device or not, or the
     * other clusters would list it as pending for ever.
     */
    private void recordWithoutDevice(OwedLogout logout) {
        phoneless.record(List.of(new PhonelessLogouts.Ending(logout.loginId(), logout.userId(), logout.device(),
                logout.reason(), logout.supersededBy())));
    }
}
