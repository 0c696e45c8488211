package io.roam.spoke.directory;

/**
 * A user's calls started going to another cluster, as this spoke saw it. {@code from} is null
 * when the user was not logged in anywhere; {@code lagMillis} is from the login at its cluster
 * to this spoke applying it.
 */
public record RoamingMove(String userId, String from, String to, long atMillis, long lagMillis) {
}
