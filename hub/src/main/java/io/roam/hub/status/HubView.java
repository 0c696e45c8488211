package io.roam.hub.status;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * {@code GET /api/v1/hub}.
 *
 * @param role    ACTIVE while this instance holds the hub's input partitions, STANDBY otherwise
 * @param state   the relay loop: STARTING, RUNNING, RETRYING (e.g. broker down), FAILED (fatal), STOPPED
 * @param peers   peer hubs, from the mesh topics found and the memberships announced
 * @param members every known cluster and its hub
 * @param backlog per input topic, records not yet relayed (only while ACTIVE)
 */
public record HubView(String hubId, String instanceId, String role, String state, List<String> spokes,
                      SortedSet<String> peers, Map<String, String> members, long relayed,
                      Map<String, Long> backlog, long deadLettered, String lastError) {
}
