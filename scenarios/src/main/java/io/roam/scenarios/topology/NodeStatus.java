package io.roam.scenarios.topology;

/**
 * One node as an operator sees it; also the control endpoint's JSON.
 *
 * @param pid   null while the node is down
 * @param rssKb resident memory as ps reports it, null while down
 */
public record NodeStatus(String name, String kind, String address, Long pid, boolean alive, boolean paused,
                         Long rssKb, String log) {
}
