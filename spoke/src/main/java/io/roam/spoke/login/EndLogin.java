package io.roam.spoke.login;

import io.roam.events.LogoutReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * End one named login for a reason other than the user's own logout. Naming the login makes it
 * safe to repeat and safe to arrive late: it never ends a newer login on the same device.
 */
public record EndLogin(@TargetAggregateIdentifier String device, String loginId, LogoutReason reason,
                       String supersededBy) {
}
