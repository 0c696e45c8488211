package io.roam.scenarios.control;

import io.roam.scenarios.topology.NodeStatus;
import java.util.List;

/** What the control endpoint of a {@code roam up} says about its topology. */
public record TopologyStatus(long launcherPid, String runDir, long startupMs, List<NodeStatus> nodes) {

    public TopologyStatus {
        nodes = List.copyOf(nodes);
    }
}
