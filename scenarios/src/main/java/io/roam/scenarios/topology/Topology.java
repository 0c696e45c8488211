package io.roam.scenarios.topology;

import io.roam.scenarios.broker.ClusterMembership;
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
 * What runs where: the Kafka brokers, the hubs and their spokes, with their ports. One broker is
 * named kafka; a cluster's brokers kafka-1, kafka-2, …, each a KRaft controller as well. Hubs are
 * named hub-a, hub-b, …; spokes cluster-1 … cluster-N are given to the hubs in order.
 */
public record Topology(List<Broker> brokers, List<Hub> hubs, List<Spoke> spokes) {

    /** The single broker's node name, as in {@code roam kill kafka}. */
    public static final String BROKER = "kafka";

    /** @param nodeId the broker's KRaft node id, 1 … brokers */
    public record Broker(String name, int nodeId, int port, int controllerPort) {

        public String address() {
            return "127.0.0.1:" + port;
        }

        public String controllerAddress() {
            return "127.0.0.1:" + controllerPort;
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
        brokers = List.copyOf(brokers);
        hubs = List.copyOf(hubs);
        spokes = List.copyOf(spokes);
        validate(brokers, hubs, spokes);
    }

    /** The default local topology of docs/api.md: broker 9092, hub-a (cluster-1, cluster-2) on 8091, hub-b (cluster-3, cluster-4) on 8092. */
    public static Topology defaultLocal() {
        return defaultLocal(2, 2);
    }

    /** The default ports extended: hub number i on 8090 + i, cluster-N on 8080 + N, its calls on UDP 5060 + N. */
    public static Topology defaultLocal(int hubs, int spokesPerHub) {
        return defaultLocal(hubs, spokesPerHub, 1);
    }

    /** As {@link #defaultLocal(int, int)}; broker number b listens on 9090 + 2b, its controller on 9091 + 2b. */
    public static Topology defaultLocal(int hubs, int spokesPerHub, int brokers) {
        return build(hubs, spokesPerHub, brokers(brokers, b -> 9090 + 2 * b, b -> 9091 + 2 * b), i -> 8090 + i, n -> 8080 + n, n -> 5060 + n);
    }

    /** Every port chosen by the kernel, so tests never collide with a running default topology. */
    public static Topology withFreePorts(int hubs, int spokesPerHub) {
        return withFreePorts(hubs, spokesPerHub, 1);
    }

    public static Topology withFreePorts(int hubs, int spokesPerHub, int brokers) {
        int[] ports = FreePorts.allocate(2 * brokers + hubs + hubs * spokesPerHub);
        int[] sipPorts = FreePorts.allocateUdp(hubs * spokesPerHub);
        int firstHub = 2 * brokers - 1;
        return build(hubs, spokesPerHub, brokers(brokers, b -> ports[2 * b - 2], b -> ports[2 * b - 1]), i -> ports[firstHub + i],
                n -> ports[firstHub + hubs + n], n -> sipPorts[n - 1]);
    }

    private static List<Broker> brokers(int count, IntUnaryOperator port, IntUnaryOperator controllerPort) {
        if (count != 1 && count != 3) {
            throw new IllegalArgumentException("need 1 broker, or 3 for a cluster with replication factor 3, not " + count);
        }
        List<Broker> brokers = new ArrayList<>();
        for (int b = 1; b <= count; b++) {
            String name = count == 1 ? BROKER : BROKER + "-" + b;
            brokers.add(new Broker(name, b, port.applyAsInt(b), controllerPort.applyAsInt(b)));
        }
        return brokers;
    }

    private static Topology build(int hubCount, int spokesPerHub, List<Broker> brokers,
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
        return new Topology(brokers, hubs, spokes);
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
        return new Topology(brokers, grownHubs, grownSpokes);
    }

    /** The brokers alone, e.g. under spokes someone else starts. */
    public Topology brokersOnly() {
        return new Topology(brokers, List.of(), List.of());
    }

    /** hub-a for 1, hub-b for 2, … */
    public static String hubName(int number) {
        return "hub-" + (char) ('a' + number - 1);
    }

    /** Every node name, in starting order: the brokers, the hubs, the spokes. */
    public List<String> nodeNames() {
        return Stream.of(brokers.stream().map(Broker::name), hubs.stream().map(Hub::id), spokes.stream().map(Spoke::clusterId))
                .flatMap(names -> names)
                .toList();
    }

    /** Every broker's client address: what hubs and spokes are given, so they reach the cluster through any. */
    public String bootstrapServers() {
        return String.join(",", brokers.stream().map(Broker::address).toList());
    }

    /** How many copies of each topic the brokers keep: three on a cluster, one on a single broker. */
    public short replicationFactor() {
        return (short) brokers.size();
    }

    /** Writes acknowledged by this many copies: a majority, so one broker down still takes writes. */
    public int minInsyncReplicas() {
        return ClusterMembership.majorityOf(brokers.size());
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
        List<Integer> ports = new ArrayList<>();
        brokers.forEach(broker -> ports.addAll(List.of(broker.port(), broker.controllerPort())));
        hubs.forEach(hub -> ports.add(hub.httpPort()));
        spokes.forEach(spoke -> ports.add(spoke.httpPort()));
        return ports;
    }

    private static void validate(List<Broker> brokers, List<Hub> hubs, List<Spoke> spokes) {
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("need a broker");
        }
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (Broker broker : brokers) {
            requireUnique(names, broker.name(), "node name");
            requireUnique(ports, broker.port(), "port");
            requireUnique(ports, broker.controllerPort(), "port");
        }
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
