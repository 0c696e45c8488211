package io.roam.spoke.login;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Log a user in on a device; credentials and roaming rights were checked by {@link ExtensionMobility}. */
public record LogInUser(@TargetAggregateIdentifier String device, String loginId, String userId) {
}
