package io.roam.scenarios.topology;

import io.roam.scenarios.client.SpokeClient;
import java.util.List;

/** What a scenario needs of a topology, whether this JVM runs it or a {@code roam up} elsewhere does. */
public interface TopologyControl {

    /** The cluster ids of every spoke, cluster-1 first. */
    List<String> clusterIds();

    SpokeClient spoke(String clusterId);

    /** Whether the node's process is running (it may still be starting). */
    boolean isAlive(String node);

    /** kill -9 of one node. */
    void kill(String node);

    /** Starts one node again and returns once it is healthy. */
    void start(String node);

    /** Freezes one node (SIGSTOP): it holds its sockets but answers nothing. */
    void pause(String node);

    /** Thaws a paused node (SIGCONT). */
    void resume(String node);
}
