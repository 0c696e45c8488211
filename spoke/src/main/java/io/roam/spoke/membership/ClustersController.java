package io.roam.spoke.membership;

import io.roam.spoke.LocalCluster;
import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.Freshness;
import io.roam.spoke.directory.RoamingDirectory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;

/** The network as this cluster knows it from announcements: who is attached to which hub, and who is heard. */
@RestController
public class ClustersController {

    private final RoamingDirectory directory;
    private final Freshness freshness;
    private final String localCluster;

    public ClustersController(RoamingDirectory directory, Freshness freshness, LocalCluster cluster) {
        this.directory = directory;
        this.freshness = freshness;
        this.localCluster = cluster.id();
    }

    public record ClusterView(String cluster, String hub, String routeString, boolean local, boolean retired,
                              boolean stale, long freshnessMs) {
    }

    @GetMapping("/api/v1/clusters")
    List<ClusterView> clusters() {
        return directory.clusters().stream()
                .sorted(Comparator.comparing(ClusterInfo::cluster))
                .map(c -> new ClusterView(c.cluster(), c.hub(), c.routeString(), c.cluster().equals(localCluster),
                        directory.isRetired(c.cluster()), freshness.isStale(c.cluster()),
                        freshness.freshnessMillis(c.cluster())))
                .toList();
    }
}
