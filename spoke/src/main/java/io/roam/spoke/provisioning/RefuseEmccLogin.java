package io.roam.spoke.provisioning;

import io.roam.spoke.api.EmError;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** As the user's home, refuse an EMCC login that a visiting cluster recorded. */
public record RefuseEmccLogin(@TargetAggregateIdentifier String userId, String loginId, String visitingCluster,
                              String device, EmError reason) {
}
