package io.roam.spoke.provisioning;

import io.roam.events.HybridLogicalClock;
import io.roam.events.UserUnlocked;
import io.roam.spoke.LocalCluster;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.directory.UserView;
import io.roam.spoke.eventstore.LocalStore;
import io.roam.spoke.credentials.PinLockout;
import io.roam.spoke.provisioning.UserAdminController.UserResponse;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Clears a PIN lockout network-wide: from any cluster, since the lockout is counted everywhere. */
@RestController
public class UnlockController {

    private final RoamingDirectory directory;
    private final PinLockout lockout;
    private final LocalStore store;
    private final HybridLogicalClock clock;
    private final String cluster;

    public UnlockController(RoamingDirectory directory, PinLockout lockout, LocalStore store,
                            HybridLogicalClock clock, LocalCluster cluster) {
        this.directory = directory;
        this.lockout = lockout;
        this.store = store;
        this.clock = clock;
        this.cluster = cluster.id();
    }

    @PostMapping("/api/v1/admin/users/{userId}/unlock")
    UserResponse unlock(@PathVariable String userId) {
        UserView user = directory.user(userId).filter(u -> !u.removed())
                .orElseThrow(() -> new EmException(EmError.USER_DOES_NOT_EXIST, userId));
        store.append(List.of(GenericEventMessage.asEventMessage(new UserUnlocked(userId, cluster, clock.tick()))));
        return UserResponse.of(user, lockout);
    }
}
