package io.roam.scenarios.topology;

import io.roam.scenarios.broker.ClusterMembership;
import io.roam.scenarios.broker.KafkaBroker;
import io.roam.scenarios.client.HubClient;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.process.ChildProcess;
import io.roam.scenarios.process.FreePorts;
import io.roam.scenarios.process.JarCopy;
import io.roam.scenarios.process.ResidentMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A topology whose processes this JVM runs: the broker first, then hubs and spokes in parallel,
 * each a child JVM with a bounded heap. Logs go to {@code <runDir>/logs/<node>.log}, each spoke's
 * store to {@code <runDir>/<cluster>/data}, each broker's data to {@code <runDir>/<broker>}.
 *
 * <p>The hub and spoke jars are copied to {@code <runDir>/jars} first: a build that replaces them in
 * {@code target/} would otherwise break processes that are starting, and a restarted node would run
 * other code than its peers.
 *
 * <p>Closing stops the spokes, then the hubs, then the broker; the same order holds for children
 * still running at JVM exit (see {@link ChildProcess}).
 *
 * <p>With {@link LaunchSettings#secureKafka()} the broker takes SCRAM logins and enforces ACLs;
 * each hub and spoke gets its own user and ACLs ({@link TopologyAccess}) before any of them starts.
 *
 * <p>Nodes can be added while it runs (a late spoke, a standby hub instance): the node map is
 * replaced, never changed in place, so readers need no lock.
 */
public final class RunningTopology implements TopologyControl, AutoCloseable {

    private static final int SPOKE_EXIT_STAGE = 0;
    private static final int HUB_EXIT_STAGE = 1;

    private final Path runDir;
    private final LaunchSettings settings;
    /** Null unless {@link LaunchSettings#secureKafka()}. */
    private final TopologyAccess access;
    private volatile Topology topology;
    private volatile Map<String, Node> nodes;
    private Duration startupTime = Duration.ZERO;
    private boolean closed;

    private RunningTopology(Topology topology, Path runDir, LaunchSettings settings) {
        this.topology = topology;
        this.runDir = runDir;
        this.settings = settings;
        this.access = settings.secureKafka() ? new TopologyAccess() : null;
        this.nodes = createNodes(topology, runDir, settings, access);
    }

    /**
     * Starts every node and returns once all are healthy. If any fails to start, everything
     * already started is stopped and the failure (with the node's log tail) is thrown.
     */
    public static RunningTopology start(Topology topology, Path runDir, LaunchSettings settings) throws IOException {
        requireFreePorts(topology);
        Path dir = runDir.toAbsolutePath();
        Files.createDirectories(dir.resolve("logs"));
        RunningTopology running = new RunningTopology(topology, dir, snapshotJars(settings, dir));
        long started = System.nanoTime();
        try {
            // A cluster's controllers elect a leader only once a majority runs: its brokers start together.
            running.startInParallel(running.nodes.values().stream().filter(node -> node.kind() == Node.Kind.BROKER).toList());
            running.provisionAccess();
            running.startInParallel(running.nodes.values().stream().filter(node -> node.kind() != Node.Kind.BROKER).toList());
        } catch (RuntimeException | IOException e) {
            running.close();
            throw e;
        }
        running.startupTime = Duration.ofNanos(System.nanoTime() - started);
        return running;
    }

    /** In the secure mode, the users and ACLs every hub and spoke needs, before any of them starts. */
    private void provisionAccess() throws IOException {
        if (access != null) {
            KafkaBroker kafka = anyBroker();
            access.provision(kafka, topology, settings.readyTimeout());
            access.writeAdminClientProperties(kafka, kafkaAdminProperties());
        }
    }

    /** The first broker: it takes admin requests for the whole cluster. */
    private KafkaBroker anyBroker() {
        return ((BrokerNode) node(topology.brokers().get(0).name())).broker();
    }

    /** An admin client's config reaching every broker, in the secure mode logged in as the super user. */
    public Map<String, Object> kafkaAdminConfig() {
        Map<String, Object> config = new LinkedHashMap<>(anyBroker().adminClientConfig());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topology.bootstrapServers());
        return config;
    }

    /** In the secure mode, a client config logged in as the broker's super user, for the operator's Kafka tools. */
    public Path kafkaAdminProperties() {
        return runDir.resolve("kafka-admin.properties");
    }

    public boolean secureKafka() {
        return access != null;
    }

    private static LaunchSettings snapshotJars(LaunchSettings settings, Path runDir) throws IOException {
        Path jars = runDir.resolve("jars");
        return new LaunchSettings(JarCopy.intact(settings.spokeJar(), jars), JarCopy.intact(settings.hubJar(), jars),
                settings.brokerClasspath(), settings.spokeJvmArgs(), settings.hubJvmArgs(), settings.brokerJvmArgs(),
                settings.readyTimeout(), settings.secureKafka());
    }

    private static Map<String, Node> createNodes(Topology topology, Path runDir, LaunchSettings settings,
                                                 TopologyAccess access) {
        Path logs = runDir.resolve("logs");
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<String> voters = topology.brokers().stream().map(b -> b.nodeId() + "@" + b.controllerAddress()).toList();
        String clusterId = Uuid.randomUuid().toString();
        for (Topology.Broker broker : topology.brokers()) {
            // A broker gets as long as any node: on two busy cores it was seen to need more than its own default minute.
            KafkaBroker.Settings brokerSettings = KafkaBroker.Settings.of(runDir.resolve(broker.name()), broker.port(), broker.controllerPort())
                    .withLogDir(logs.resolve(broker.name()))
                    .withClasspath(settings.brokerClasspath())
                    .withJvmArgs(settings.brokerJvmArgs())
                    .withStartTimeout(settings.readyTimeout())
                    .withSecurity(access == null ? null : access.broker());
            if (topology.brokers().size() > 1) {
                brokerSettings = brokerSettings.inCluster(new ClusterMembership(broker.nodeId(), voters, clusterId));
            }
            nodes.put(broker.name(), new BrokerNode(broker.name(), new KafkaBroker(brokerSettings)));
        }
        for (Topology.Hub hub : topology.hubs()) {
            nodes.put(hub.id(), hubNode(hub.id(), hub, hub.httpPort(), List.of(), topology, runDir, settings, access));
        }
        for (Topology.Spoke spoke : topology.spokes()) {
            nodes.put(spoke.clusterId(), spokeNode(spoke, topology, runDir, settings, access));
        }
        return Collections.unmodifiableMap(nodes);
    }

    /** One instance of a hub; {@code extraArgs} tell a standby instance apart. */
    private static Node hubNode(String name, Topology.Hub hub, int httpPort, List<String> extraArgs, Topology topology,
                                Path runDir, LaunchSettings settings, TopologyAccess access) {
        String url = "http://127.0.0.1:" + httpPort;
        List<String> args = new ArrayList<>(List.of("--server.port=" + httpPort,
                "--roam.hub.id=" + hub.id(),
                "--roam.hub.spokes=" + String.join(",", hub.spokes()),
                "--roam.kafka.bootstrap-servers=" + topology.bootstrapServers()));
        args.addAll(topicCopies(topology));
        args.addAll(extraArgs);
        ChildProcess.Builder builder = ChildProcess.builder(name)
                .jar(settings.hubJar())
                .jvmArgs(settings.hubJvmArgs())
                .args(args)
                .logFile(runDir.resolve("logs").resolve(name + ".log"))
                .workingDirectory(runDir.resolve(name))
                .newSession()
                .exitStage(HUB_EXIT_STAGE);
        if (access != null) {
            TopologyAccess.logInAs(builder, access.hub(hub.id()));
        }
        ChildProcess process = builder.build();
        HubClient client = new HubClient(url);
        return new ServiceNode(Node.Kind.HUB, process, url, client::health, settings.readyTimeout());
    }

    private static Node spokeNode(Topology.Spoke spoke, Topology topology, Path runDir, LaunchSettings settings,
                                  TopologyAccess access) {
        Path home = runDir.resolve(spoke.clusterId());
        ChildProcess.Builder builder = ChildProcess.builder(spoke.clusterId());
        NetworkKeyFile.spokeEnvironment(runDir).forEach(builder::env);
        builder
                .jar(settings.spokeJar())
                .jvmArgs(settings.spokeJvmArgs())
                .args("--server.port=" + spoke.httpPort(),
                        "--roam.spoke.cluster-id=" + spoke.clusterId(),
                        "--roam.spoke.hub-id=" + spoke.hubId(),
                        "--roam.spoke.data-dir=" + dataDir(runDir, spoke.clusterId()),
                        "--roam.kafka.bootstrap-servers=" + topology.bootstrapServers(),
                        "--roam.spoke.route-string=" + spoke.routeString(),
                        // the local topology's clients all use the well-known token, and all call from 127.0.0.1
                        "--roam.spoke.allow-default-admin-token=true", "--roam.spoke.em.rate-per-source=0")
                .args(topicCopies(topology))
                .args(EmccSites.spokeArgs(spoke, topology))
                .logFile(runDir.resolve("logs").resolve(spoke.clusterId() + ".log"))
                .workingDirectory(home)
                .newSession()
                .exitStage(SPOKE_EXIT_STAGE);
        if (access != null) {
            TopologyAccess.logInAs(builder, access.spoke(spoke.clusterId()));
        }
        ChildProcess process = builder.build();
        SpokeClient client = new SpokeClient(spoke.url());
        return new ServiceNode(Node.Kind.SPOKE, process, spoke.url(), client::health, settings.readyTimeout());
    }

    /** Topic configs, not only broker defaults: a topic keeps its guarantees whatever the brokers' defaults say. */
    private static List<String> topicCopies(Topology topology) {
        return List.of("--roam.kafka.replication-factor=" + topology.replicationFactor(),
                "--roam.kafka.min-insync-replicas=" + topology.minInsyncReplicas());
    }

    private static Path dataDir(Path runDir, String clusterId) {
        return runDir.resolve(clusterId).resolve("data");
    }

    /** A clear error instead of a child failing to bind, e.g. when someone's default topology is up. */
    private static void requireFreePorts(Topology topology) {
        List<String> busy = new ArrayList<>();
        for (int port : topology.ports()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                busy.add(Integer.toString(port));
            }
        }
        if (!busy.isEmpty()) {
            throw new IllegalStateException("port(s) " + String.join(", ", busy)
                    + " already in use: is another topology running? (roam up --free-ports avoids the default ports)");
        }
    }

    public Topology topology() {
        return topology;
    }

    public Path runDir() {
        return runDir;
    }

    /** From the broker's start until every node was healthy. */
    public Duration startupTime() {
        return startupTime;
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    public Node node(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node named '" + name + "'; nodes: " + String.join(", ", nodes.keySet()));
        }
        return node;
    }

    @Override
    public List<String> clusterIds() {
        return topology.clusterIds();
    }

    @Override
    public SpokeClient spoke(String clusterId) {
        return new SpokeClient(topology.spoke(clusterId)
                .orElseThrow(() -> new IllegalArgumentException("no spoke " + clusterId)).url());
    }

    /** A hub instance by node name: the hub's id for its first instance, {@code hub-a#2} for a standby. */
    public HubClient hub(String name) {
        Node node = node(name);
        if (node.kind() != Node.Kind.HUB) {
            throw new IllegalArgumentException(name + " is not a hub");
        }
        return new HubClient(node.address());
    }

    /** The hub instances' node names: each hub's id, then any standby instances. */
    public List<String> hubNodes() {
        return nodes.values().stream().filter(node -> node.kind() == Node.Kind.HUB).map(Node::name).toList();
    }

    /** The spoke's H2 store; deleting it while the spoke is down is a lost disk. */
    public Path dataDir(String clusterId) {
        topology.spoke(clusterId).orElseThrow(() -> new IllegalArgumentException("no spoke " + clusterId));
        return dataDir(runDir, clusterId);
    }

    /**
     * A new spoke, cluster-(N+1), attached to {@code hubId}, joining a network that already has a
     * history. A hub's spoke list is fixed when it starts, so the hub's first instance is restarted
     * with the longer list first (its peers learn the new member from its announcement).
     *
     * @return the new cluster id, once both the hub and the new spoke are healthy
     */
    public synchronized String addSpoke(String hubId) {
        Topology grown = topology.withExtraSpoke(hubId, FreePorts.allocate(1)[0], FreePorts.allocateUdp(1)[0]);
        Topology.Spoke joiner = grown.spokes().get(grown.spokes().size() - 1);
        Topology.Hub hub = grown.hub(hubId).orElseThrow();
        if (access != null) {
            access.provision(anyBroker(), grown, settings.readyTimeout());
        }
        node(hubId).stop();
        topology = grown;
        replaceNode(hubId, hubNode(hubId, hub, hub.httpPort(), List.of(), grown, runDir, settings, access));
        start(hubId);
        replaceNode(joiner.clusterId(), spokeNode(joiner, grown, runDir, settings, access));
        start(joiner.clusterId());
        return joiner.clusterId();
    }

    /**
     * Another instance of {@code hubId} on a free port, named {@code <hubId>#2}, {@code #3} …: it
     * shares the hub's consumer group and stands by until the active instance dies.
     *
     * @return the new node's name, once it is healthy
     */
    public synchronized String addStandby(String hubId) {
        Topology.Hub hub = topology.hub(hubId).orElseThrow(() -> new IllegalArgumentException("no hub " + hubId));
        int instance = 2;
        while (nodes.containsKey(hubId + "#" + instance)) {
            instance++;
        }
        String name = hubId + "#" + instance;
        replaceNode(name, hubNode(name, hub, FreePorts.allocate(1)[0], List.of("--roam.hub.instance-id=" + hubId + "-" + instance), topology,
                runDir, settings, access));
        start(name);
        return name;
    }

    private void replaceNode(String name, Node node) {
        Map<String, Node> next = new LinkedHashMap<>(nodes);
        next.put(name, node);
        nodes = Collections.unmodifiableMap(next);
    }

    @Override
    public boolean isAlive(String name) {
        return node(name).isAlive();
    }

    @Override
    public void kill(String name) {
        node(name).kill();
    }

    @Override
    public void start(String name) {
        try {
            node(name).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public boolean stop(String name) {
        return node(name).stop();
    }

    @Override
    public void pause(String name) {
        node(name).pause();
    }

    @Override
    public void resume(String name) {
        node(name).resume();
    }

    public NodeStatus status(String name) {
        Node node = node(name);
        Long pid = node.pid().isPresent() ? node.pid().getAsLong() : null;
        Long rss = pid == null ? null : boxed(ResidentMemory.kilobytes(pid));
        return new NodeStatus(node.name(), node.kind().name().toLowerCase(), node.address(), pid, node.isAlive(),
                node.isPaused(), rss, node.logFile().toString());
    }

    public List<NodeStatus> status() {
        return nodes.keySet().stream().map(this::status).toList();
    }

    /** Stops the spokes, then the hubs, then the broker: each tier needs the next one to shut down cleanly. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopInParallel(kind(Node.Kind.SPOKE));
        stopInParallel(kind(Node.Kind.HUB));
        stopInParallel(kind(Node.Kind.BROKER));
    }

    private Predicate<Node> kind(Node.Kind kind) {
        return node -> node.kind() == kind;
    }

    private void stopInParallel(Predicate<Node> which) {
        CompletableFuture.allOf(nodes.values().stream().filter(which)
                        .map(node -> CompletableFuture.runAsync(node::stop))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    /** Starts the nodes together; if any fails, every failure is reported, not only the first. */
    private void startInParallel(List<Node> starting) {
        if (starting.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(starting.size(), runnable -> {
            Thread thread = new Thread(runnable, "topology-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> starts = starting.stream()
                    .map(node -> CompletableFuture.runAsync(() -> startOne(node), pool))
                    .toList();
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<Void> start : starts) {
                try {
                    start.join();
                } catch (CompletionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " node(s) failed to start:\n"
                        + String.join("\n\n", failures));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void startOne(Node node) {
        try {
            node.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + node.name() + ": " + e.getMessage(), e);
        }
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
