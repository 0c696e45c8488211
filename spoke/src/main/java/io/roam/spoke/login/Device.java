package io.roam.spoke.login;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.roam.events.Geolocation;
import io.roam.events.HybridLogicalClock;
import io.roam.events.LogoutReason;
import io.roam.events.LoginMode;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A phone of this cluster: EM enabled or not, where it is, its device pool, and at most one user logged in on it. Every login
 * and logout adds to its history, so it is snapshotted (its fields, serialized as they are).
 */
@Aggregate(cache = "aggregateCache", snapshotTriggerDefinition = Device.SNAPSHOT_TRIGGER)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class Device {

    public static final String SNAPSHOT_TRIGGER = "deviceSnapshotTrigger";
    /** Cached phones need no snapshot; one bounds what a phone read back after a restart replays. */
    public static final int SNAPSHOT_AFTER_EVENTS = 500;

    @AggregateIdentifier
    private String device;
    private boolean emEnabled;
    private boolean emccSupported;
    /** Null in snapshots taken before phones had one: no geolocation. */
    private Geolocation geolocation;
    private String devicePool;
    private String loginId;
    private String userId;

    protected Device() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ConfigureDevice command, LocalCluster cluster) {
        if (device == null || emEnabled != command.emEnabled() || emccSupported != command.emccSupported()
                || !command.geolocation().equals(Objects.requireNonNullElse(geolocation, Geolocation.NONE))
                || !Objects.equals(devicePool, command.devicePool())) {
            apply(new DeviceConfigured(command.device(), cluster.id(), command.emEnabled(), command.emccSupported(),
                    command.geolocation(), command.devicePool()));
        }
    }

    @CommandHandler
    UserLoggedIn handle(LogInUser command, LocalCluster cluster, HybridLogicalClock clock) {
        if (!emEnabled) {
            throw new EmException(EmError.DEV_LOGON_DISABLED, "EM is not enabled on " + device);
        }
        if (loginId != null) {
            throw new EmException(EmError.ANOTHER_USER_LOGGED_IN, userId + " is logged in on " + device);
        }
        if (command.mode() == LoginMode.EMCC && !emccSupported) {
            throw new EmException(EmError.DEVICE_DOES_NOT_SUPPORT_EMCC, device + " does not support EMCC");
        }
        UserLoggedIn loggedIn = new UserLoggedIn(command.loginId(), command.userId(), cluster.id(), device, clock.tick(),
                command.mode(), command.registrationCluster());
        apply(loggedIn);
        return loggedIn;
    }

    @CommandHandler
    UserLoggedOut handle(LogOutUser command, LocalCluster cluster, HybridLogicalClock clock) {
        if (loginId == null) {
            throw new EmException(EmError.NO_USER_LOGGED_IN, "nobody is logged in on " + device);
        }
        UserLoggedOut loggedOut = new UserLoggedOut(loginId, userId, cluster.id(), device, LogoutReason.USER, null,
                clock.tick());
        apply(loggedOut);
        return loggedOut;
    }

    @CommandHandler
    Optional<UserLoggedOut> handle(EndLogin command, LocalCluster cluster, HybridLogicalClock clock) {
        if (loginId == null || !loginId.equals(command.loginId())) {
            return Optional.empty();
        }
        UserLoggedOut loggedOut = new UserLoggedOut(loginId, userId, cluster.id(), device, command.reason(),
                command.supersededBy(), clock.tick());
        apply(loggedOut);
        return Optional.of(loggedOut);
    }

    @CommandHandler
    Optional<UserLoggedOut> handle(ReleaseDevice command, LocalCluster cluster, HybridLogicalClock clock) {
        if (loginId == null) {
            return Optional.empty();
        }
        UserLoggedOut loggedOut = new UserLoggedOut(loginId, userId, cluster.id(), device, LogoutReason.ADMIN, null,
                clock.tick());
        apply(loggedOut);
        return Optional.of(loggedOut);
    }

    @EventSourcingHandler
    void on(DeviceConfigured event) {
        device = event.device();
        emEnabled = event.emEnabled();
        emccSupported = event.emccSupported();
        geolocation = event.geolocation();
        devicePool = event.devicePool();
    }

    @EventSourcingHandler
    void on(UserLoggedIn event) {
        loginId = event.loginId();
        userId = event.userId();
    }

    @EventSourcingHandler
    void on(UserLoggedOut event) {
        loginId = null;
        userId = null;
    }
}
