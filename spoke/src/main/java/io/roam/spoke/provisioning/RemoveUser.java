package io.roam.spoke.provisioning;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveUser(@TargetAggregateIdentifier String userId) {
}
