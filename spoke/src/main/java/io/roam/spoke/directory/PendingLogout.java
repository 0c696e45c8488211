package io.roam.spoke.directory;

/** A superseded login whose own cluster has not ended it yet: a deferred logout. */
public record PendingLogout(String userId, String cluster, String loginId, String device, String supersededBy, long sinceMillis) {
}
