package io.roam.spoke.login;

import io.roam.events.HybridLogicalClock;
import io.roam.events.LoginMode;
import io.roam.events.LogoutReason;
import io.roam.events.PinRejected;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.MultipleLoginBehavior;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.directory.Login;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.eventstore.StoreSync;
import io.roam.spoke.directory.UserView;
import io.roam.spoke.emcc.EmccAdmission;
import io.roam.spoke.credentials.Credentials;
import io.roam.spoke.credentials.PinHasher;
import io.roam.spoke.credentials.PinLockout;
import io.roam.spoke.eventstore.LocalStore;
import io.roam.spoke.replication.ClockGuard;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * The EM login as a cluster performs it: who may log in where, with which credentials, under
 * this cluster's service parameters. The device aggregate then decides the device's part.
 */
@Component
public class ExtensionMobility {

    private enum LoginType { UID, DN, SP }

    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private final CommandGateway commands;
    private final RoamingDirectory directory;
    private final DeviceRegistry devices;
    private final Credentials credentials;
    private final PinHasher pins;
    private final PinLockout lockout;
    private final LocalStore store;
    private final HybridLogicalClock clock;
    private final ClockGuard clockGuard;
    private final String cluster;
    private final MultipleLoginBehavior multipleLogins;
    private final Semaphore concurrentRequests;
    private final WrongPinSources wrongPinSources;
    private final StoreSync storeSync;
    private final boolean alphanumericUserIds;
    private final EmccAdmission admission;

    public ExtensionMobility(CommandGateway commands, RoamingDirectory directory, DeviceRegistry devices,
                             Credentials credentials, PinHasher pins, PinLockout lockout, LocalStore store,
                             HybridLogicalClock clock, ClockGuard clockGuard, LocalCluster cluster,
                             SpokeProperties properties, WrongPinSources wrongPinSources, StoreSync storeSync,
                             EmccAdmission admission) {
        this.commands = commands;
        this.directory = directory;
        this.devices = devices;
        this.credentials = credentials;
        this.pins = pins;
        this.lockout = lockout;
        this.store = store;
        this.clock = clock;
        this.clockGuard = clockGuard;
        this.cluster = cluster.id();
        this.multipleLogins = properties.em().multipleLoginBehavior();
        this.concurrentRequests = new Semaphore(properties.em().maximumConcurrentRequests());
        this.wrongPinSources = wrongPinSources;
        this.storeSync = storeSync;
        this.alphanumericUserIds = properties.em().alphanumericUserId();
        this.admission = admission;
    }

    /** {@code source}: where the request came from ({@code RequestSource}). */
    public LoginResult logIn(LoginRequest request, String source) {
        requireDeviceName(request.device());
        LoginType type = loginType(request.loginType());
        if (blank(request.pin()) || blank(identifier(type, request))) {
            throw new EmException(EmError.BLANK_USERID_OR_PIN, "user identifier and PIN are required");
        }
        wrongPinSources.admit(source);
        if (!concurrentRequests.tryAcquire()) {
            throw new EmException(EmError.BUSY, "over Maximum Concurrent Requests");
        }
        try {
            clockGuard.refusal().ifPresent(reason -> {
                throw new EmException(EmError.BUSY, reason);
            });
            DeviceView device = existingDevice(request.device());
            if (!device.emEnabled()) {
                throw new EmException(EmError.DEV_LOGON_DISABLED, "EM is not enabled on " + device.device());
            }
            if (device.userId() != null) {
                throw new EmException(EmError.ANOTHER_USER_LOGGED_IN, device.userId() + " is logged in on " + device.device());
            }
            UserView user = resolveUser(type, identifier(type, request));
            if (!alphanumericUserIds && !NUMERIC.matcher(user.userId()).matches()) {
                throw new EmException(EmError.USER_DOES_NOT_EXIST,
                        user.userId() + " is not numeric and Alphanumeric User ID is off at " + cluster);
            }
            EmccAdmission.Decision decision = admission.decide(user, mode(request.mode()), device.geolocation());
            if (user.dns().isEmpty()) {
                throw new EmException(EmError.USER_PROFILE_ABSENT, user.userId() + " has no DNs");
            }
            lockout.lockedUntil(user.userId(), System.currentTimeMillis()).ifPresent(until -> {
                throw new EmException(EmError.AUTHENTICATION, user.userId() + " is locked until " + Instant.ofEpochMilli(until));
            });
            if (credentials.unopenedKeyId(user.userId()).isPresent()) {
                // not a wrong PIN, so no PinRejected: the user's lockout must not count it
                throw new EmException(EmError.AUTHENTICATION, "the PIN of " + user.userId()
                        + " cannot be checked at this cluster (its network key is missing here)");
            }
            String hash = credentials.pinHash(user.userId()).orElse(null);
            if (!pins.matches(request.pin(), hash)) {
                PinRejected rejected = new PinRejected(user.userId(), cluster, device.device(), source, clock.tick());
                store.append(List.of(GenericEventMessage.asEventMessage(rejected)));
                wrongPinSources.wrongPin(source, user.userId());
                throw new EmException(EmError.AUTHENTICATION, "wrong PIN");
            }
            // For EMCC, multiple logins are always allowed (the EM seed).
            boolean emcc = decision.mode() == LoginMode.EMCC;
            List<Login> others = emcc ? List.of() : directory.liveLoginsAt(user.userId(), cluster);
            if (!others.isEmpty() && multipleLogins == MultipleLoginBehavior.NOT_ALLOWED) {
                throw new EmException(EmError.USER_LOGGED_IN_ELSEWHERE,
                        user.userId() + " is logged in on " + others.get(0).device());
            }
            String devicePool = emcc ? decision.devicePool() : device.devicePool();
            UserLoggedIn loggedIn = commands.sendAndWait(new LogInUser(device.device(), UUID.randomUUID().toString(),
                    user.userId(), decision.mode(), decision.registrationCluster(), devicePool));
            if (multipleLogins == MultipleLoginBehavior.AUTO_LOGOUT) {
                for (Login older : others) {
                    commands.sendAndWait(new EndLogin(older.device(), older.loginId(), LogoutReason.AUTO, null));
                }
            }
            storeSync.awaitDurable();
            return new LoginResult(loggedIn.device(), loggedIn.userId(), cluster, user.dns(), loggedIn.loginId(),
                    loggedIn.hlc(), loggedIn.mode(), loggedIn.registrationCluster(), loggedIn.devicePool(), decision.fellBack());
        } finally {
            concurrentRequests.release();
        }
    }

    public UserLoggedOut logOut(String device) {
        requireDeviceName(device);
        existingDevice(device);
        UserLoggedOut loggedOut = commands.sendAndWait(new LogOutUser(device));
        storeSync.awaitDurable();
        return loggedOut;
    }

    private DeviceView existingDevice(String device) {
        return devices.device(device)
                .orElseThrow(() -> new EmException(EmError.DEVICE_DOES_NOT_EXIST, device + " is not a device of " + cluster));
    }

    private UserView resolveUser(LoginType type, String identifier) {
        String userId = switch (type) {
            case UID -> identifier;
            case DN -> single(directory.usersWithPrimaryDn(identifier), "primary extension " + identifier);
            case SP -> single(directory.usersWithSelfServiceId(identifier), "self-service id " + identifier);
        };
        return directory.user(userId).filter(u -> !u.removed())
                .orElseThrow(() -> new EmException(EmError.USER_DOES_NOT_EXIST, "no user " + userId));
    }

    private static String single(Set<String> userIds, String what) {
        if (userIds.isEmpty()) {
            throw new EmException(EmError.USER_DOES_NOT_EXIST, "no user with " + what);
        }
        if (userIds.size() > 1) {
            throw new EmException(EmError.DN_HAS_MULTIPLE_USERS, what + " belongs to " + userIds.size() + " users");
        }
        return userIds.iterator().next();
    }

    private static String identifier(LoginType type, LoginRequest request) {
        return switch (type) {
            case UID -> request.userId();
            case DN -> request.dn();
            case SP -> request.selfServiceId();
        };
    }

    private static LoginMode mode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LoginMode.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new EmException(EmError.PARSING, "mode must be ROAMING or EMCC");
        }
    }

    private static LoginType loginType(String value) {
        if (value == null) {
            return LoginType.UID;
        }
        try {
            return LoginType.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new EmException(EmError.LOGIN_TYPE_INVALID, "loginType must be UID, DN or SP");
        }
    }

    private static void requireDeviceName(String device) {
        if (blank(device)) {
            throw new EmException(EmError.DEVICE_NAME_EMPTY, "device name is empty");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
