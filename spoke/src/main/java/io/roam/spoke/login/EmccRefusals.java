package io.roam.spoke.login;

import io.roam.events.EmccLoginRefused;
import io.roam.events.LoginMode;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.eventstore.Projection;
import io.roam.spoke.provisioning.RefuseEmccLogin;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The EMCC refusal only a user's home can make: a phone whose name is also a device of the home
 * (the seed's error 37). Devices do not travel, so the visiting cluster records the login and the
 * home refuses it when it learns of it, also when it is back after being down. The visiting
 * cluster then owes the login's end, as it owes a superseded one ({@link OwnLogouts}).
 */
@Component
public class EmccRefusals implements Projection {

    private static final Logger log = LoggerFactory.getLogger(EmccRefusals.class);

    private final String cluster;
    private final DeviceRegistry devices;
    private final CommandGateway commands;
    /** Logins at other clusters from phones named like one of ours, not yet refused. */
    private final Map<String, UserLoggedIn> toRefuse = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emcc-refusals");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean ready;

    public EmccRefusals(LocalCluster cluster, DeviceRegistry devices, CommandGateway commands) {
        this.cluster = cluster.id();
        this.devices = devices;
        this.commands = commands;
    }

    @Override
    public void apply(Object event) {
        if (event instanceof UserLoggedIn e && e.mode() == LoginMode.EMCC && !cluster.equals(e.cluster())
                && cluster.equals(e.registrationCluster()) && devices.device(e.device()).isPresent()) {
            toRefuse.put(e.loginId(), e);
            settleSoon();
        } else if (event instanceof EmccLoginRefused e) {
            toRefuse.remove(e.loginId());
        } else if (event instanceof UserLoggedOut e) {
            toRefuse.remove(e.loginId());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        ready = true;
        settleSoon();
    }

    /** Catches what a failed attempt left behind. */
    @Scheduled(fixedDelayString = "${roam.spoke.own-logout-sweep:5s}")
    void sweep() {
        if (!toRefuse.isEmpty()) {
            settleSoon();
        }
    }

    private void settleSoon() {
        if (ready) {
            worker.execute(this::settle);
        }
    }

    private void settle() {
        for (UserLoggedIn login : List.copyOf(toRefuse.values())) {
            refuse(login);
        }
    }

    /**
     * Takes the login off the list before the command, so that a settling queued meanwhile does not
     * send it again; a failure puts it back for the sweep. A deleted user's login needs no refusal:
     * its end is already under way.
     */
    private void refuse(UserLoggedIn login) {
        if (!toRefuse.remove(login.loginId(), login)) {
            return;
        }
        try {
            commands.sendAndWait(new RefuseEmccLogin(login.userId(), login.loginId(), login.cluster(), login.device(),
                    EmError.DUPLICATE_DEVICE_NAME));
        } catch (RuntimeException e) {
            toRefuse.putIfAbsent(login.loginId(), login);
            log.warn("could not refuse the EMCC login {} on {} yet: {}", login.loginId(), login.device(), e.toString());
        }
    }
}
