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

/** Users are defined at their home cluster only; every other cluster learns them by replication. */
@RestController
@RequestMapping("/api/v1/admin/users")
public class UserAdminController {

    private final CommandGateway commands;
    private final RoamingDirectory directory;
    private final PinHasher pins;
    private final PinLockout lockout;
    private final LocalCluster cluster;
    private final UserRules rules;

    public UserAdminController(CommandGateway commands, RoamingDirectory directory, PinHasher pins,
                               PinLockout lockout, LocalCluster cluster, UserRules rules) {
        this.commands = commands;
        this.directory = directory;
        this.pins = pins;
        this.lockout = lockout;
        this.cluster = cluster;
        this.rules = rules;
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
        List<String> dns = rules.check(userId, body.dns(), body.selfServiceId());
        UserRules.checkPin(body.pin());
        String hash = body.pin() == null ? null : pins.hash(body.pin());
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
