package io.roam.scenarios.control;

import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.NodeStatus;
import io.roam.scenarios.topology.TopologyControl;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The topology of a running {@code roam up}, driven through its control endpoint. */
public final class RemoteTopology implements TopologyControl {

    private final ControlClient control;
    private final List<String> clusterIds;
    private final Map<String, SpokeClient> spokes;

    public RemoteTopology(ControlClient control, TopologyStatus status) {
        this.control = control;
        List<NodeStatus> spokeNodes = status.nodes().stream().filter(node -> "spoke".equals(node.kind())).toList();
        this.clusterIds = spokeNodes.stream().map(NodeStatus::name).toList();
        this.spokes = spokeNodes.stream()
                .collect(Collectors.toMap(NodeStatus::name, node -> new SpokeClient(node.address())));
    }

    @Override
    public List<String> clusterIds() {
        return clusterIds;
    }

    @Override
    public SpokeClient spoke(String clusterId) {
        SpokeClient spoke = spokes.get(clusterId);
        if (spoke == null) {
            throw new IllegalArgumentException("no spoke " + clusterId + "; spokes: " + clusterIds);
        }
        return spoke;
    }

    @Override
    public boolean isAlive(String node) {
        return control.topology().nodes().stream()
                .filter(status -> status.name().equals(node))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named " + node))
                .alive();
    }

    @Override
    public void kill(String node) {
        control.act(node, "kill");
    }

    @Override
    public void start(String node) {
        control.act(node, "start");
    }

    @Override
    public void pause(String node) {
        control.act(node, "pause");
    }

    @Override
    public void resume(String node) {
        control.act(node, "resume");
    }
}
