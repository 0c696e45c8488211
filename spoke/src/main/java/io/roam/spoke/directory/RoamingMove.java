package io.roam.spoke.directory;

import io.roam.events.LoginMode;

/**
 * A user's phone moved to another cluster, as this spoke saw it. {@code from} is null when the
 * user was not logged in anywhere; {@code lagMillis} is from the login at its cluster to this
 * spoke applying it. An EMCC login's calls go to its {@code registrationCluster}, not to {@code to}.
 */
public record RoamingMove(String userId, String from, String to, long atMillis, long lagMillis, LoginMode mode,
                          String registrationCluster) {
}
