package io.roam.spoke.login;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ConfigureDevice(@TargetAggregateIdentifier String device, boolean emEnabled, boolean emccSupported) {
}
