package io.roam.scenarios.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.RunningTopology;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network with nothing left in flight: every spoke healthy (UP), nothing unpublished, no deferred
 * logout outstanding, every spoke at every origin's published sequence, and one map digest.
 */
public final class Quiescence {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    /** Short: a status call that hangs means a frozen spoke, which is a complaint, not a wait. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

    private Quiescence() {
    }

    /**
     * Polls until the network is quiet.
     *
     * @param sinceNanos what the returned time is measured from, e.g. the start of a heal
     * @throws Poll.NotConverged with what was still not quiet at the deadline
     */
    public static Duration await(RunningTopology topology, long sinceNanos, Duration timeout) {
        return Poll.until(sinceNanos, timeout, INTERVAL, () -> complaints(topology));
    }

    /** What keeps the network from being quiet now; empty when it is. */
    public static List<String> complaints(RunningTopology topology) {
        List<String> complaints = new ArrayList<>();
        Map<String, JsonNode> replication = new LinkedHashMap<>();
        for (String cluster : topology.clusterIds()) {
            SpokeClient spoke = new SpokeClient(topology.spoke(cluster).baseUrl(), SpokeClient.DEFAULT_ADMIN_TOKEN,
                    STATUS_TIMEOUT);
            try {
                String health = spoke.health().text("status");
                if (!"UP".equals(health)) {
                    complaints.add(cluster + " is " + health);
                }
                replication.put(cluster, spoke.replication().requireOk(cluster + " replication"));
            } catch (UncheckedIOException | IllegalStateException e) {
                complaints.add(cluster + " does not answer: " + e.getMessage());
            }
        }
        Map<String, List<String>> byDigest = new TreeMap<>();
        replication.forEach((cluster, status) -> {
            long unpublished = status.path("unpublished").asLong();
            if (unpublished != 0) {
                complaints.add(cluster + " has " + unpublished + " unpublished");
            }
            long pending = status.path("pendingLogouts").path("total").asLong();
            if (pending != 0) {
                complaints.add(cluster + " lists " + pending + " pending logout(s)");
            }
            byDigest.computeIfAbsent(status.path("mapDigest").asText(), digest -> new ArrayList<>()).add(cluster);
            Map<String, Long> reached = new TreeMap<>();
            status.path("origins").forEach(origin -> reached.put(origin.path("origin").asText(), origin.path("lastSeq").asLong()));
            replication.forEach((origin, originStatus) -> {
                long published = originStatus.path("publishedSeq").asLong();
                long at = reached.getOrDefault(origin, 0L);
                if (!origin.equals(cluster) && at != published) {
                    complaints.add(cluster + " is at " + origin + " #" + at + " of " + published);
                }
            });
        });
        if (byDigest.size() > 1) {
            complaints.add("map digests differ: " + byDigest);
        }
        return complaints;
    }
}
