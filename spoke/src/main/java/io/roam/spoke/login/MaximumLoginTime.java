package io.roam.spoke.login;

import io.roam.events.HybridLogicalClock;
import io.roam.events.LogoutReason;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.directory.Login;
import io.roam.spoke.directory.RoamingDirectory;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Enforce Intra-cluster Maximum Login Time: a login older than the limit is ended here (reason
 * expired) and that logout replicates like any other. Zero means no limit, as in the EM seed.
 */
@Component
public class MaximumLoginTime {

    private static final Logger log = LoggerFactory.getLogger(MaximumLoginTime.class);

    private final CommandGateway commands;
    private final RoamingDirectory directory;
    private final long limitMillis;

    public MaximumLoginTime(CommandGateway commands, RoamingDirectory directory, SpokeProperties properties) {
        this.commands = commands;
        this.directory = directory;
        this.limitMillis = properties.em().intraClusterMaximumLoginTime().toMillis();
    }

    @Scheduled(fixedDelayString = "${roam.spoke.em.maximum-login-time-check:1s}")
    void endExpiredLogins() {
        if (limitMillis <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Login login : directory.openLocalLogins()) {
            if (HybridLogicalClock.wallMillis(login.hlc()) + limitMillis <= now) {
                try {
                    commands.sendAndWait(new EndLogin(login.device(), login.loginId(), LogoutReason.EXPIRED, null));
                } catch (RuntimeException e) {
                    log.warn("could not expire login {} on {}: {}", login.loginId(), login.device(), e.toString());
                }
            }
        }
    }
}
