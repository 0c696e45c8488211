package io.roam.spoke.login;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give up whatever login the phone holds, as an administrator's reset does; nothing if it holds none. */
public record ReleaseDevice(@TargetAggregateIdentifier String device) {
}
