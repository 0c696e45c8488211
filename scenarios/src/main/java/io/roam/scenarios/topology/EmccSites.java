package io.roam.scenarios.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The EMCC and emergency settings of a local topology: every cluster is a site of its own (a city
 * named after it) whose emergency calls leave through its own route string, every cluster lets
 * its users log in at all the others in EMCC mode, and each announces a roaming device pool per
 * site, so that a phone logged in elsewhere in EMCC mode gets the pool of the site it stands in.
 * The last cluster falls back to roaming while a home is down; the others refuse (40).
 */
public final class EmccSites {

    public static final String COUNTRY = "US";

    private EmccSites() {
    }

    /** The city the cluster's phones stand in. */
    public static String city(String clusterId) {
        return "site-" + clusterId;
    }

    /** The roaming device pool of the cluster's site, as every home announces it. */
    public static String pool(String clusterId) {
        return "DP-" + city(clusterId);
    }

    static List<String> spokeArgs(Topology.Spoke spoke, Topology topology) {
        List<String> args = new ArrayList<>(List.of("--roam.spoke.emcc.enabled=true",
                "--roam.spoke.emcc.remote-clusters=" + String.join(",", topology.spokes().stream()
                        .map(Topology.Spoke::clusterId).filter(id -> !id.equals(spoke.clusterId())).toList()),
                "--roam.spoke.emcc.geolocation-filter=COUNTRY,CITY"));
        List<Topology.Spoke> sites = topology.spokes();
        for (int i = 0; i < sites.size(); i++) {
            String prefix = "--roam.spoke.device-pools[" + i + "].";
            args.add(prefix + "name=" + pool(sites.get(i).clusterId()));
            args.add(prefix + "geolocation.country=" + COUNTRY);
            args.add(prefix + "geolocation.city=" + city(sites.get(i).clusterId()));
            args.add(prefix + "emergency-route=" + sites.get(i).routeString());
        }
        if (spoke.equals(sites.get(sites.size() - 1))) {
            args.add("--roam.spoke.emcc.fallback-to-roaming=true");
        }
        return args;
    }

    /** The cluster of a topology that falls back to roaming. */
    public static String fallbackCluster(List<String> clusterIds) {
        return clusterIds.get(clusterIds.size() - 1);
    }
}
