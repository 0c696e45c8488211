package io.roam.spoke.provisioning;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Define or redefine a user whose home is this cluster. A null {@code pinHash} keeps the current PIN. */
public record ProvisionUser(@TargetAggregateIdentifier String userId, List<String> dns, boolean superuser,
                            boolean emcc, String selfServiceId, String pinHash) {
}
