package io.roam.spoke.login;

import io.roam.events.EmccLoginRefused;
import io.roam.events.LoginMode;
import io.roam.events.LogoutReason;
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
 * home refuses it when it learns of it; the visiting cluster then ends the login. A cluster plays
 * both parts, for the users it is home to and for the phones it holds, also after being down.
 */
@Component
public class EmccRefusals implements Projection {

    private static final Logger log = LoggerFactory.getLogger(EmccRefusals.class);

    private final String cluster;
    private final DeviceRegistry devices;
    private final CommandGateway commands;
    /** As the home: logins at other clusters from phones named like one of ours, not yet refused. */
    private final Map<String, UserLoggedIn> toRefuse = new ConcurrentHashMap<>();
    /** As the visiting cluster: our EMCC logins still open, to check a refusal against. */
    private final Map<String, UserLoggedIn> openHere = new ConcurrentHashMap<>();
    /** As the visiting cluster: our logins that their home refused, not yet ended. */
    private final Map<String, UserLoggedIn> toEnd = new ConcurrentHashMap<>();
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
        if (event instanceof UserLoggedIn e && e.mode() == LoginMode.EMCC) {
            if (cluster.equals(e.cluster())) {
                openHere.put(e.loginId(), e);
            } else if (cluster.equals(e.registrationCluster()) && devices.device(e.device()).isPresent()) {
                toRefuse.put(e.loginId(), e);
                settleSoon();
            }
        } else if (event instanceof EmccLoginRefused e) {
            toRefuse.remove(e.loginId());
            UserLoggedIn login = openHere.get(e.loginId());
            // only the home the phone registered at may refuse it
            if (login != null && login.registrationCluster().equals(e.homeCluster())) {
                toEnd.put(e.loginId(), login);
                settleSoon();
            }
        } else if (event instanceof UserLoggedOut e) {
            toRefuse.remove(e.loginId());
            openHere.remove(e.loginId());
            toEnd.remove(e.loginId());
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
        if (!toRefuse.isEmpty() || !toEnd.isEmpty()) {
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
            attempt(toRefuse, login, () -> commands.sendAndWait(new RefuseEmccLogin(login.userId(), login.loginId(),
                    login.cluster(), login.device(), EmError.DUPLICATE_DEVICE_NAME)));
        }
        for (UserLoggedIn login : List.copyOf(toEnd.values())) {
            attempt(toEnd, login, () -> commands.sendAndWait(
                    new EndLogin(login.device(), login.loginId(), LogoutReason.REFUSED, null)));
        }
    }

    /**
     * Takes the login off its list before the command, so that a settling queued meanwhile does not
     * send it again; a failure puts it back for the sweep. A command with nothing to do (the user
     * was deleted, the phone no longer holds the login) needs no retry: what ends the login then is
     * already under way.
     */
    private void attempt(Map<String, UserLoggedIn> list, UserLoggedIn login, Runnable command) {
        if (!list.remove(login.loginId(), login)) {
            return;
        }
        try {
            command.run();
        } catch (RuntimeException e) {
            list.putIfAbsent(login.loginId(), login);
            log.warn("could not settle the refused EMCC login {} on {} yet: {}", login.loginId(), login.device(), e.toString());
        }
    }
}
