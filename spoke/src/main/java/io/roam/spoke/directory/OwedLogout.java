package io.roam.spoke.directory;

import io.roam.events.LogoutReason;

/** A login of this cluster that this cluster must end itself (each cluster ends only its own). */
public record OwedLogout(String device, String loginId, String userId, LogoutReason reason, String supersededBy) {
}
