package io.roam.spoke.login;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The user logs out at the phone. */
public record LogOutUser(@TargetAggregateIdentifier String device) {
}
