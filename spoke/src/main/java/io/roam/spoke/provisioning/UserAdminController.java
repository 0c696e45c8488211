package io.roam.spoke.provisioning;

import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.credentials.PinHasher;
import io.roam.spoke.credentials.PinLockout;
import io.roam.spoke.directory.UserView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Users are defined at their home cluster only; every other cluster learns them by replication. */
@RestController
@RequestMapping("/api/v1/admin/users")
public class UserAdminController {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final Pattern DN = Pattern.compile("[0-9A-Za-z+*#]{1,32}");
    /** Bounds that keep a user's event far below the outbox's 64 KiB envelope; no EM seed sets one. */
    static final int MAX_DNS = 64;
    static final int MAX_SELF_SERVICE_ID = 128;

    private final CommandGateway commands;
    private final RoamingDirectory directory;
    private final PinHasher pins;
    private final PinLockout lockout;
    private final LocalCluster cluster;

    public UserAdminController(CommandGateway commands, RoamingDirectory directory, PinHasher pins,
                               PinLockout lockout, LocalCluster cluster) {
        this.commands = commands;
        this.directory = directory;
        this.pins = pins;
        this.lockout = lockout;
        this.cluster = cluster;
    }

    public record UserDefinition(String pin, List<String> dns, Boolean superuser, String selfServiceId, Boolean emcc) {
    }

    public record UserResponse(String userId, String homeCluster, List<String> dns, boolean superuser, boolean emcc,
                               String selfServiceId, String lockedUntil) {
        public static UserResponse of(UserView user, PinLockout lockout) {
            String lockedUntil = lockout.lockedUntil(user.userId(), System.currentTimeMillis())
                    .map(until -> Instant.ofEpochMilli(until).toString()).orElse(null);
            return new UserResponse(user.userId(), user.homeCluster(), user.dns(), user.superuser(), user.emcc(),
                    user.selfServiceId(), lockedUntil);
        }
    }

    @PutMapping("/{userId}")
    UserResponse provision(@PathVariable String userId, @RequestBody UserDefinition body) {
        if (!USER_ID.matcher(userId).matches()) {
            throw new EmException(EmError.BLANK_USERID_OR_PIN, "invalid user id");
        }
        if (body.dns() != null && body.dns().size() > MAX_DNS) {
            throw new EmException(EmError.PARSING, "a user has at most " + MAX_DNS + " DNs");
        }
        if (body.selfServiceId() != null && body.selfServiceId().length() > MAX_SELF_SERVICE_ID) {
            throw new EmException(EmError.PARSING, "the self-service id is longer than " + MAX_SELF_SERVICE_ID);
        }
        List<String> dns = body.dns() == null ? List.of() : body.dns().stream().distinct().toList();
        for (String dn : dns) {
            if (dn == null || !DN.matcher(dn).matches()) {
                throw new EmException(EmError.PARSING, "invalid DN: " + dn);
            }
        }
        directory.user(userId).filter(u -> !u.removed() && !u.homeCluster().equals(cluster.id())).ifPresent(u -> {
            throw new EmException(EmError.OWNED_BY_ANOTHER_CLUSTER, userId + " is defined at " + u.homeCluster());
        });
        for (String dn : dns) {
            directory.lookup(dn).filter(e -> !e.homeCluster().equals(cluster.id())).ifPresent(e -> {
                throw new EmException(EmError.OWNED_BY_ANOTHER_CLUSTER, dn + " belongs to " + e.userId()
                        + " of " + e.homeCluster());
            });
        }
        String pin = body.pin();
        if (pin != null && pin.isBlank()) {
            throw new EmException(EmError.BLANK_USERID_OR_PIN, "blank PIN");
        }
        if (pin != null && PinHasher.tooLong(pin)) {
            throw new EmException(EmError.PARSING, "the PIN is longer than " + PinHasher.MAX_PIN_BYTES + " bytes in UTF-8");
        }
        String hash = pin == null ? null : pins.hash(pin);
        commands.sendAndWait(new ProvisionUser(userId, dns, Boolean.TRUE.equals(body.superuser()),
                Boolean.TRUE.equals(body.emcc()), body.selfServiceId(), hash));
        return directory.user(userId).map(u -> UserResponse.of(u, lockout)).orElseThrow();
    }

    @GetMapping("/{userId}")
    UserResponse user(@PathVariable String userId) {
        return directory.user(userId).filter(u -> !u.removed()).map(u -> UserResponse.of(u, lockout))
                .orElseThrow(() -> new EmException(EmError.USER_DOES_NOT_EXIST, userId));
    }

    @DeleteMapping("/{userId}")
    ResponseEntity<Void> remove(@PathVariable String userId) {
        UserView user = directory.user(userId).filter(u -> !u.removed())
                .orElseThrow(() -> new EmException(EmError.USER_DOES_NOT_EXIST, userId));
        if (!Objects.equals(user.homeCluster(), cluster.id())) {
            throw new EmException(EmError.OWNED_BY_ANOTHER_CLUSTER, userId + " is defined at " + user.homeCluster());
        }
        commands.sendAndWait(new RemoveUser(userId));
        return ResponseEntity.noContent().build();
    }
}
