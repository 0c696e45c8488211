package io.roam.scenarios.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The routing facts of one DN at one spoke, as {@code POST /directory/lookup} answers them. */
public record DnView(String dn, String userId, String homeCluster, String state, String cluster, List<String> devices) {

    public DnView {
        devices = List.copyOf(devices);
    }

    static DnView of(JsonNode answer) {
        List<String> devices = new ArrayList<>();
        answer.path("devices").forEach(device -> devices.add(device.asText()));
        return new DnView(answer.path("dn").asText(), text(answer, "userId"), text(answer, "homeCluster"),
                answer.path("state").asText(), text(answer, "cluster"), devices);
    }

    private static String text(JsonNode answer, String field) {
        JsonNode value = answer.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    public boolean matches(RoamingModel.Expected expected) {
        return expected.state().equals(state) && Objects.equals(expected.cluster(), cluster)
                && expected.devices().equals(devices);
    }

    @Override
    public String toString() {
        return state + (cluster == null ? "" : " at " + cluster + " on " + devices);
    }
}
