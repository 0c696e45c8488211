package io.roam.routecache;

/**
 * What the proxy's cache holds for a DN: the cluster calls go to and its route string, and where
 * the user's phone stands and the route its emergency calls break out at. The last two are
 * empty when the feed did not carry them (a spoke that predates them) or carried nothing usable:
 * the proxy then asks the spoke, or breaks out at its own gateway.
 */
record Route(String target, String routeString, String physicalCluster, String emergencyRoute) {

    Route {
        physicalCluster = physicalCluster == null ? "" : physicalCluster;
        emergencyRoute = emergencyRoute == null ? "" : emergencyRoute;
    }

    /** The entry as the proxy stores it: {@code <target>|<route>|<physical>|<emergency route>}. */
    String entry() {
        return target + "|" + routeString + "|" + physicalCluster + "|" + emergencyRoute;
    }
}
