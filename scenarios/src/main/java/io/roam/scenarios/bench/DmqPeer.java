package io.roam.scenarios.bench;

import io.roam.scenarios.process.ChildProcess;
import io.roam.scenarios.process.FreePorts;
import io.roam.scenarios.sip.KamailioRpc;
import io.roam.scenarios.sip.SipTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The broker-less peer figure 1 is set against: four Kamailio registrars on 127.0.0.1 whose
 * location tables {@code dmq_usrloc} replicates over DMQ, each node telling the other three. Each
 * runs in the foreground as a child process in a session of its own, with its configuration,
 * pid file and log in a directory of its own; closing stops them all.
 */
final class DmqPeer implements AutoCloseable {

    static final int NODES = 4;
    private static final String TEMPLATE = "/bench/dmq-peer.cfg";
    private static final List<String> MODULES = List.of("tm.so", "sl.so", "usrloc.so", "registrar.so", "jsonrpcs.so",
            "dmq.so", "dmq_usrloc.so");
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Kamailio and the directory holding every module the peer loads. */
    record Installation(Path kamailio, Path modules) {
    }

    private final List<Node> nodes;

    /** One node: its SIP (and KDMQ) port, its JSON-RPC port and its process. */
    private record Node(int sipPort, int rpcPort, ChildProcess process) {
    }

    private DmqPeer(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Kamailio and its dmq modules; the exception says what is missing. */
    static Installation locate() {
        Path kamailio = SipTools.find("kamailio")
                .orElseThrow(() -> new IllegalStateException("kamailio not found (PATH, /usr/sbin, /usr/local/sbin)"));
        List<Path> candidates = moduleDirectoryCandidates();
        return candidates.stream()
                .filter(directory -> MODULES.stream().allMatch(module -> Files.isRegularFile(directory.resolve(module))))
                .findFirst()
                .map(modules -> new Installation(kamailio, modules))
                .orElseThrow(() -> new IllegalStateException("no Kamailio module directory with all of " + MODULES
                        + " (looked in " + candidates + "); dmq and dmq_usrloc come with the kamailio package"));
    }

    /**
     * Starts the nodes one after the other, each once it answers JSON-RPC, so that every node's
     * first DMQ notification reaches the nodes before it; returns once every node shows all of
     * them active.
     */
    static DmqPeer start(Installation installation, Path directory, Duration readyTimeout) throws IOException {
        int[] ports = FreePorts.allocateUdp(2 * NODES);
        int[] sipPorts = Arrays.copyOf(ports, NODES);
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        List<Node> nodes = new ArrayList<>();
        DmqPeer peer = new DmqPeer(nodes);
        try {
            for (int i = 0; i < NODES; i++) {
                Path home = Files.createDirectories(directory.toAbsolutePath().resolve("node-" + (i + 1)));
                Path config = home.resolve("kamailio.cfg");
                Files.writeString(config, render(i + 1, installation.modules(), sipPorts[i], ports[NODES + i], sipPorts));
                ChildProcess process = ChildProcess.builder("kamailio-dmq-" + (i + 1))
                        .executable(installation.kamailio())
                        .args("-f", config.toString(), "-DD", "-E", "-m", "256", "-M", "8",
                                "-P", home.resolve("kamailio.pid").toString(), "-Y", home.toString())
                        .logFile(home.resolve("kamailio.log"))
                        .workingDirectory(home)
                        .newSession()
                        .build();
                Node node = new Node(ports[i], ports[NODES + i], process);
                nodes.add(node);
                process.start();
                peer.await(node, deadline, "answer JSON-RPC", 1);
            }
            for (Node node : nodes) {
                peer.await(node, deadline, "show all " + NODES + " nodes active", NODES);
            }
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** The configuration of node {@code node} (counted from 1); {@code sipPorts} holds every node's SIP port. */
    static String render(int node, Path modules, int sipPort, int rpcPort, int[] sipPorts) throws IOException {
        String notify = IntStream.range(0, NODES)
                .filter(other -> sipPorts[other] != sipPort)
                .mapToObj(other -> "modparam(\"dmq\", \"notification_address\", \"sip:127.0.0.1:" + sipPorts[other] + "\")")
                .collect(Collectors.joining("\n"));
        String text;
        try (InputStream template = DmqPeer.class.getResourceAsStream(TEMPLATE)) {
            if (template == null) {
                throw new IllegalStateException(TEMPLATE + " is not on the classpath");
            }
            text = new String(template.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> value : Map.of("NODE", Integer.toString(node), "MPATH", modules + "/",
                "SIP_PORT", Integer.toString(sipPort), "RPC_PORT", Integer.toString(rpcPort), "NOTIFY", notify).entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        return text;
    }

    /** SIP port of node {@code i}, counted from 1. */
    int sipPort(int node) {
        return nodes.get(node - 1).sipPort();
    }

    /** JSON-RPC port of node {@code i}, counted from 1. */
    int rpcPort(int node) {
        return nodes.get(node - 1).rpcPort();
    }

    /** Waits until {@code node}'s {@code dmq.list_nodes} shows at least {@code active} active nodes. */
    private void await(Node node, long deadline, String what, int active) {
        try (KamailioRpc rpc = new KamailioRpc(node.rpcPort(), PROBE_INTERVAL)) {
            while (true) {
                Optional<Long> shown = rpc.call("dmq.list_nodes").map(DmqMessages::activeNodes);
                if (shown.isPresent() && shown.get() >= active) {
                    return;
                }
                String name = node.process().name();
                if (!node.process().isAlive()) {
                    throw new IllegalStateException(name + " exited with " + node.process().exitCode() + ":\n"
                            + node.process().logTail(20));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(name + " did not " + what + " in time (" + shown.map(n -> n + " active")
                            .orElse("no answer") + " on UDP " + node.rpcPort() + "):\n" + node.process().logTail(20));
                }
                sleep(PROBE_INTERVAL);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the peer", e);
        }
    }

    /** Where Debian, Red Hat and source builds put Kamailio's modules. */
    private static List<Path> moduleDirectoryCandidates() {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> multiarch = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu*")) {
            multiarch.forEach(directory -> candidates.add(directory.resolve("kamailio/modules")));
        } catch (IOException e) {
            // no /usr/lib: the fixed places below are all there is to try
        }
        List.of("/usr/lib/kamailio/modules", "/usr/lib64/kamailio/modules", "/usr/local/lib/kamailio/modules",
                "/usr/local/lib64/kamailio/modules").forEach(path -> candidates.add(Path.of(path)));
        return candidates;
    }

    /** SIGTERM to each node's main process, which stops its workers; SIGKILL of the tree if it lingers. */
    @Override
    public void close() {
        nodes.forEach(node -> node.process().stop(STOP_TIMEOUT));
    }
}
