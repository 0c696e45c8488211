package io.roam.spoke.login;

import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.replication.FullSyncAtStart;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * After the store got history back from the topics (a lost disk synced in full, or a restored
 * backup whose tail came back from the outbound topic), this cluster's phones and its directory
 * disagree: the directory holds logins no phone knows of, and a phone may hold a login the history
 * has ended. So as soon as the phones take commands, every phone that holds a login gives it up,
 * and every login still open is ended without its phone. Its users log in again, as after an
 * administrator's reset. Until then the spoke reports itself out of service.
 */
@Component
public class LoginsAfterRestore implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(LoginsAfterRestore.class);

    private final CommandGateway commands;
    private final DeviceRegistry devices;
    private final RoamingDirectory directory;
    private final PhonelessLogouts phoneless;
    private final FullSyncAtStart fullSync;
    private volatile boolean done;

    /** Depends on the full sync at start, so Spring starts that first whatever the phases say. */
    public LoginsAfterRestore(FullSyncAtStart fullSync, CommandGateway commands, DeviceRegistry devices,
                              RoamingDirectory directory, PhonelessLogouts phoneless) {
        this.fullSync = fullSync;
        this.commands = commands;
        this.devices = devices;
        this.directory = directory;
        this.phoneless = phoneless;
    }

    /** Axon takes commands only once every lifecycle has started. */
    @EventListener(ApplicationReadyEvent.class)
    void endAll() {
        if (fullSync.historyRestored()) {
            int released = releasePhones();
            int ended = endWithoutPhones();
            if (released + ended > 0) {
                log.info("history was restored: {} phones gave up their logins, {} logins no phone held were ended",
                        released, ended);
            }
        }
        done = true;
    }

    @Override
    public Health health() {
        return done || !fullSync.historyRestored() ? Health.up().build()
                : Health.outOfService().withDetail("reason", "ending the logins of the history that came back").build();
    }

    /** A phone lost with the data is no aggregate any more: it holds nothing. */
    private int releasePhones() {
        int released = 0;
        for (String device : devices.ids()) {
            try {
                Optional<UserLoggedOut> loggedOut = commands.sendAndWait(new ReleaseDevice(device));
                if (loggedOut.isPresent()) {
                    released++;
                }
            } catch (RuntimeException e) {
                if (!PhonelessLogouts.deviceMissing(e)) {
                    log.warn("could not release {} after the restore; it keeps its login until an administrator "
                            + "logs it out: {}", device, e.toString());
                }
            }
        }
        return released;
    }

    private int endWithoutPhones() {
        List<PhonelessLogouts.Ending> endings = directory.openLocalLogins().stream()
                .map(login -> new PhonelessLogouts.Ending(login.loginId(), login.userId(), login.device(),
                        LogoutReason.ADMIN, null))
                .toList();
        phoneless.record(endings);
        return endings.size();
    }
}
