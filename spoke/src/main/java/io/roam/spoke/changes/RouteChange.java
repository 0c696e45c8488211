package io.roam.spoke.changes;

/**
 * A DN's routing answer as the feed sends it: {@code reason} is LOGGED_IN or HOME as in
 * {@code GET /route}, or UNKNOWN when the DN no longer exists (target and route string null).
 * {@code physicalCluster} is where the user's phone stands (the target, but for an EMCC login)
 * and {@code emergencyRoute} where its emergency calls break out; {@code mode} is the login's,
 * null while nobody is logged in. {@code position} is null in a snapshot, whose position comes
 * once, at its end.
 */
public record RouteChange(String position, String dn, String userId, String target, String reason,
                          String routeString, boolean local, String physicalCluster, String mode,
                          String emergencyRoute) {
}
