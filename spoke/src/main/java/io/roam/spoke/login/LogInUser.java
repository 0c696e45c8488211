package io.roam.spoke.login;

import io.roam.events.LoginMode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Log a user in on a device, in a mode; credentials and roaming rights were checked by
 * {@link ExtensionMobility}. An EMCC login names the user's home, where the phone registers, and
 * the home's roaming device pool chosen for the phone; a roaming login the device's own pool.
 */
public record LogInUser(@TargetAggregateIdentifier String device, String loginId, String userId, LoginMode mode,
                        String registrationCluster, String devicePool) {

    public static LogInUser roaming(String device, String loginId, String userId) {
        return new LogInUser(device, loginId, userId, LoginMode.ROAMING, null, null);
    }
}
