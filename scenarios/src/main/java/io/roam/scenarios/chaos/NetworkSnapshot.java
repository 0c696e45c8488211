package io.roam.scenarios.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.HubClient;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.RunningTopology;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the checks compare, read from every spoke and hub once the network is quiet: each
 * spoke's replication status, exactly-once audit, answer for every DN of the fleet and the user on
 * each of its own devices; each hub instance's status.
 */
public record NetworkSnapshot(List<SpokeState> spokes, List<HubState> hubs) {

    /** @param error why the spoke could not be read, null if it was */
    public record SpokeState(String cluster, JsonNode replication, JsonNode audit, Map<String, DnView> dns,
                             Map<String, Optional<String>> deviceUsers, String error) {

        public String mapDigest() {
            return replication.path("mapDigest").asText();
        }
    }

    public record HubState(String node, JsonNode status, String error) {
    }

    public NetworkSnapshot {
        spokes = List.copyOf(spokes);
        hubs = List.copyOf(hubs);
    }

    public static NetworkSnapshot take(RunningTopology topology, Fleet fleet) {
        List<SpokeState> spokes = new ArrayList<>();
        for (String cluster : topology.clusterIds()) {
            spokes.add(read(cluster, topology.spoke(cluster), fleet));
        }
        List<HubState> hubs = new ArrayList<>();
        for (String node : topology.hubNodes()) {
            HubClient hub = topology.hub(node);
            try {
                hubs.add(new HubState(node, hub.status().requireOk(node + " status"), null));
            } catch (UncheckedIOException | IllegalStateException e) {
                hubs.add(new HubState(node, null, e.getMessage()));
            }
        }
        return new NetworkSnapshot(spokes, hubs);
    }

    private static SpokeState read(String cluster, SpokeClient spoke, Fleet fleet) {
        try {
            JsonNode replication = spoke.replication().requireOk(cluster + " replication");
            JsonNode audit = spoke.audit().requireOk(cluster + " audit");
            Map<String, DnView> dns = new LinkedHashMap<>();
            for (JsonNode answer : spoke.lookup(fleet.dns()).requireOk(cluster + " lookup").path("results")) {
                DnView view = DnView.of(answer);
                dns.put(view.dn(), view);
            }
            Map<String, Optional<String>> deviceUsers = new LinkedHashMap<>();
            for (String device : fleet.devices().getOrDefault(cluster, List.of())) {
                JsonNode state = spoke.device(device).requireOk(device + " at " + cluster);
                deviceUsers.put(device, Optional.ofNullable(state.path("userId").isTextual() ? state.path("userId").asText() : null));
            }
            return new SpokeState(cluster, replication, audit, dns, deviceUsers, null);
        } catch (UncheckedIOException | IllegalStateException e) {
            return new SpokeState(cluster, null, null, Map.of(), Map.of(), e.getMessage());
        }
    }
}
