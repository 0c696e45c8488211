package io.roam.scenarios.topology;

import io.roam.scenarios.process.FreePorts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

/**
 * What runs where: one Kafka broker, the hubs and their spokes, with their ports. Hubs are named
 * hub-a, hub-b, …; spokes cluster-1 … cluster-N are given to the hubs in order.
 */
public record Topology(Broker broker, List<Hub> hubs, List<Spoke> spokes) {

    /** The broker's node name, as in {@code roam kill kafka}. */
    public static final String BROKER = "kafka";

    public record Broker(int port, int controllerPort) {

        public String bootstrapServers() {
            return "127.0.0.1:" + port;
        }
    }

    public record Hub(String id, int httpPort, List<String> spokes) {

        public Hub {
            spokes = List.copyOf(spokes);
        }

        public String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    /** @param sipPort the UDP port where the cluster takes calls on this machine (its phones, e.g. a SIPp UAS) */
    public record Spoke(String clusterId, String hubId, int httpPort, int sipPort) {

        public String url() {
            return "http://127.0.0.1:" + httpPort;
        }

        /** The SIP address the cluster announces for calls routed to it: a proxy relays there as is. */
        public String routeString() {
            return "sip:" + clusterId + "@127.0.0.1:" + sipPort;
        }
    }

    public Topology {
        Objects.requireNonNull(broker, "broker");
        hubs = List.copyOf(hubs);
        spokes = List.copyOf(spokes);
        validate(broker, hubs, spokes);
    }

    /** The API.md topology: broker 9092, hub-a (cluster-1, cluster-2) on 8091, hub-b (cluster-3, cluster-4) on 8092. */
    public static Topology defaultLocal() {
        return defaultLocal(2, 2);
    }

    /** The default ports extended: hub number i on 8090 + i, cluster-N on 8080 + N, its calls on UDP 5060 + N. */
    public static Topology defaultLocal(int hubs, int spokesPerHub) {
        return build(hubs, spokesPerHub, new Broker(9092, 9093), i -> 8090 + i, n -> 8080 + n, n -> 5060 + n);
    }

    /** Every port chosen by the kernel, so tests never collide with a running default topology. */
    public static Topology withFreePorts(int hubs, int spokesPerHub) {
        int[] ports = FreePorts.allocate(2 + hubs + hubs * spokesPerHub);
        int[] sipPorts = FreePorts.allocateUdp(hubs * spokesPerHub);
        return build(hubs, spokesPerHub, new Broker(ports[0], ports[1]), i -> ports[1 + i], n -> ports[1 + hubs + n],
                n -> sipPorts[n - 1]);
    }

    private static Topology build(int hubCount, int spokesPerHub, Broker broker,
                                  IntUnaryOperator hubPort, IntUnaryOperator spokePort, IntUnaryOperator sipPort) {
        if (hubCount < 1 || hubCount > 26 || spokesPerHub < 1) {
            throw new IllegalArgumentException("need 1 to 26 hubs and at least one spoke per hub, not "
                    + hubCount + " hubs with " + spokesPerHub + " spokes each");
        }
        List<Hub> hubs = new ArrayList<>();
        List<Spoke> spokes = new ArrayList<>();
        for (int i = 1; i <= hubCount; i++) {
            String hubId = hubName(i);
            List<String> members = new ArrayList<>();
            for (int j = 1; j <= spokesPerHub; j++) {
                int n = (i - 1) * spokesPerHub + j;
                String clusterId = "cluster-" + n;
                members.add(clusterId);
                spokes.add(new Spoke(clusterId, hubId, spokePort.applyAsInt(n), sipPort.applyAsInt(n)));
            }
            hubs.add(new Hub(hubId, hubPort.applyAsInt(i), members));
        }
        return new Topology(broker, hubs, spokes);
    }

    /**
     * This topology with one more spoke, cluster-(N+1), attached to {@code hubId} (which lists it
     * last), e.g. a cluster that joins a running network.
     */
    public Topology withExtraSpoke(String hubId, int httpPort, int sipPort) {
        Hub hub = hub(hubId).orElseThrow(() -> new IllegalArgumentException("no hub " + hubId));
        int n = spokes.size() + 1;
        String clusterId = "cluster-" + n;
        List<String> members = new ArrayList<>(hub.spokes());
        members.add(clusterId);
        List<Hub> grownHubs = hubs.stream().map(h -> h.id().equals(hubId) ? new Hub(hubId, h.httpPort(), members) : h).toList();
        List<Spoke> grownSpokes = new ArrayList<>(spokes);
        grownSpokes.add(new Spoke(clusterId, hubId, httpPort, sipPort));
        return new Topology(broker, grownHubs, grownSpokes);
    }

    /** hub-a for 1, hub-b for 2, … */
    public static String hubName(int number) {
        return "hub-" + (char) ('a' + number - 1);
    }

    /** Every node name, in starting order: the broker, the hubs, the spokes. */
    public List<String> nodeNames() {
        return Stream.concat(Stream.of(BROKER), Stream.concat(hubs.stream().map(Hub::id), spokes.stream().map(Spoke::clusterId)))
                .toList();
    }

    public List<String> clusterIds() {
        return spokes.stream().map(Spoke::clusterId).toList();
    }

    public Optional<Hub> hub(String id) {
        return hubs.stream().filter(hub -> hub.id().equals(id)).findFirst();
    }

    public Optional<Spoke> spoke(String clusterId) {
        return spokes.stream().filter(spoke -> spoke.clusterId().equals(clusterId)).findFirst();
    }

    /** Every port the topology listens on, for checking they are free before a start. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(broker.port(), broker.controllerPort()));
        hubs.forEach(hub -> ports.add(hub.httpPort()));
        spokes.forEach(spoke -> ports.add(spoke.httpPort()));
        return ports;
    }

    private static void validate(Broker broker, List<Hub> hubs, List<Spoke> spokes) {
        Set<String> names = new HashSet<>(Set.of(BROKER));
        Set<Integer> ports = new HashSet<>(Set.of(broker.port()));
        requireUnique(ports, broker.controllerPort(), "port");
        for (Hub hub : hubs) {
            requireUnique(names, hub.id(), "node name");
            requireUnique(ports, hub.httpPort(), "port");
        }
        Set<Integer> sipPorts = new HashSet<>();
        for (Spoke spoke : spokes) {
            requireUnique(names, spoke.clusterId(), "node name");
            requireUnique(ports, spoke.httpPort(), "port");
            requireUnique(sipPorts, spoke.sipPort(), "SIP port");
            Hub hub = hubs.stream().filter(h -> h.id().equals(spoke.hubId())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(spoke.clusterId() + " names unknown hub " + spoke.hubId()));
            if (!hub.spokes().contains(spoke.clusterId())) {
                throw new IllegalArgumentException(hub.id() + " does not list its spoke " + spoke.clusterId());
            }
        }
    }

    private static <T> void requireUnique(Set<T> seen, T value, String what) {
        if (!seen.add(value)) {
            throw new IllegalArgumentException(what + " " + value + " is used twice");
        }
    }
}
