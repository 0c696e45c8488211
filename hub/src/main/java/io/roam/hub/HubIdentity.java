package io.roam.hub;

import io.roam.events.TopicPolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Who this process is: an instance of hub {@code hubId}, serving {@code spokes}. All instances of
 * one hub share the consumer group, and each has its own transactional id, so a standby can run
 * next to the active instance without fencing it.
 */
public record HubIdentity(String hubId, String instanceId, List<String> spokes) {

    public HubIdentity {
        if (!TopicPolicy.isValidId(hubId)) {
            throw new IllegalArgumentException("roam.hub.id is not a valid hub id: " + hubId);
        }
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instance id is blank");
        }
        spokes = List.copyOf(Objects.requireNonNullElse(spokes, List.of()));
        for (String spoke : spokes) {
            if (!TopicPolicy.isValidId(spoke)) {
                throw new IllegalArgumentException("roam.hub.spokes holds an invalid cluster id: " + spoke);
            }
        }
        if (new HashSet<>(spokes).size() != spokes.size()) {
            throw new IllegalArgumentException("roam.hub.spokes lists a cluster twice: " + spokes);
        }
    }

    /**
     * Without a configured instance id, host and HTTP port: stable across restarts (so a restarted
     * instance takes its own place back at once) and distinct for instances sharing a host.
     */
    public static HubIdentity from(HubProperties properties, int serverPort) {
        String instanceId = properties.instanceId();
        if (instanceId == null || instanceId.isBlank()) {
            String suffix = serverPort > 0 ? Integer.toString(serverPort) : UUID.randomUUID().toString().substring(0, 8);
            instanceId = hostName() + "-" + suffix;
        }
        return new HubIdentity(properties.id(), instanceId, properties.spokes());
    }

    /** Shared by every instance of this hub. */
    public String groupId() {
        return "hub-" + hubId;
    }

    /** One per instance: a restart of the same instance fences its own predecessor. */
    public String transactionalId() {
        return groupId() + "-" + instanceId;
    }

    private static String hostName() {
        for (String variable : List.of("HOSTNAME", "COMPUTERNAME")) {
            String fromEnvironment = System.getenv(variable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment;
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
