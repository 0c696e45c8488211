package io.roam.scenarios.sip;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.TopologyControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real SIP beside a running topology: the phones of every cluster (a SIPp UAS where the cluster's
 * announced route string points) and a Kamailio proxy for each dialing cluster, asking that
 * cluster's spoke where to relay. Closing stops them all.
 */
public final class SipNetwork implements AutoCloseable {

    /** A route string a proxy on this machine can relay to: {@code sip:[user@]127.0.0.1:port}. */
    private static final Pattern LOCAL_ROUTE = Pattern.compile("sips?:(?:[^@;]+@)?(?:127\\.0\\.0\\.1|localhost):(\\d+)(?:;.*)?");
    private static final Duration ROUTE_STRINGS_TIMEOUT = Duration.ofSeconds(60);

    private final SipTools tools;
    private final Path directory;
    private final Map<String, SippPhones> phones = new LinkedHashMap<>();
    private final Map<String, KamailioProxy> proxies = new LinkedHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    private SipNetwork(SipTools tools, Path directory) {
        this.tools = tools;
        this.directory = directory;
    }

    /**
     * Starts the phones of every cluster of {@code topology} and a proxy for each of {@code dialing},
     * and returns once each proxy routes from its cache. The phones' ports are read from the route
     * strings {@code dialing}'s first spoke has heard.
     */
    public static SipNetwork start(TopologyControl topology, List<String> dialing, Path directory, Duration readyTimeout)
            throws IOException {
        SipNetwork network = new SipNetwork(SipTools.locate(), directory.toAbsolutePath());
        try {
            Map<String, Integer> ports = phonePorts(topology, dialing.get(0));
            for (Map.Entry<String, Integer> cluster : ports.entrySet()) {
                network.phones.put(cluster.getKey(), SippPhones.start(network.tools, cluster.getKey(), cluster.getValue(),
                        network.directory.resolve("phones-" + cluster.getKey()), readyTimeout));
            }
            for (String cluster : dialing) {
                // The cluster's own gateway: its phones stand for it, as its emergency route defaults to its route string.
                String gateway = "sip:" + cluster + "@127.0.0.1:" + ports.get(cluster);
                network.proxies.put(cluster, KamailioProxy.start(network.tools,
                        KamailioProxy.Settings.of(cluster, topology.spoke(cluster).baseUrl() + "/api/v1", gateway),
                        network.directory.resolve("proxy-" + cluster), readyTimeout));
            }
            for (KamailioProxy proxy : network.proxies.values()) {
                proxy.awaitCacheServing(readyTimeout);
            }
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            network.close();
            throw new IllegalStateException("interrupted while the proxies loaded their caches", e);
        }
        return network;
    }

    /** Each cluster's phone port, from its announced route string, once the dialing spoke knows them all. */
    private static Map<String, Integer> phonePorts(TopologyControl topology, String dialing) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Poll.until(System.nanoTime(), ROUTE_STRINGS_TIMEOUT, Duration.ofMillis(200), () -> {
            ports.clear();
            List<String> missing = new ArrayList<>(topology.clusterIds());
            ApiResponse clusters = topology.spoke(dialing).clusters();
            for (JsonNode cluster : clusters.body()) {
                String id = cluster.path("cluster").asText();
                String route = cluster.path("routeString").asText();
                if (missing.remove(id)) {
                    ports.put(id, localPort(id, route));
                }
            }
            return missing.isEmpty() ? List.of() : List.of(dialing + " has no route string yet for " + missing);
        });
        return ports;
    }

    static int localPort(String clusterId, String routeString) {
        Matcher matcher = LOCAL_ROUTE.matcher(routeString);
        if (!matcher.matches()) {
            throw new IllegalStateException(clusterId + " announces the route string '" + routeString
                    + "', not a SIP address on this machine (sip:[user@]127.0.0.1:port), so no phones can stand for it here");
        }
        return Integer.parseInt(matcher.group(1));
    }

    public Map<String, SippPhones> phones() {
        return phones;
    }

    public KamailioProxy proxy(String dialingCluster) {
        KamailioProxy proxy = proxies.get(dialingCluster);
        if (proxy == null) {
            throw new IllegalArgumentException("no proxy for " + dialingCluster + "; proxies: " + proxies.keySet());
        }
        return proxy;
    }

    /** The cluster whose phones listen on {@code port}. */
    public Optional<String> clusterAt(int port) {
        return phones.values().stream().filter(p -> p.port() == port).map(SippPhones::clusterId).findFirst();
    }

    /** Calls that reached each cluster's phones so far, by SIPp's statistics. */
    public Map<String, Long> incomingCalls() {
        Map<String, Long> counts = new LinkedHashMap<>();
        phones.forEach((cluster, p) -> counts.put(cluster, p.incomingCalls()));
        return counts;
    }

    /** One call from {@code dialingCluster}'s proxy to {@code dn}, as the caller saw it. */
    public SipCall call(String dialingCluster, String dn) {
        return single(dialingCluster, SippCaller.Plan.single(dn));
    }

    /** An emergency call (911) from the phone of the user with {@code callerDn}, through {@code dialingCluster}'s proxy. */
    public SipCall emergencyCall(String dialingCluster, String callerDn) {
        return single(dialingCluster, SippCaller.Plan.from(callerDn, "911"));
    }

    private SipCall single(String dialingCluster, SippCaller.Plan plan) {
        SippCaller.Result result = run(proxy(dialingCluster), plan);
        if (result.calls().isEmpty()) {
            throw new IllegalStateException("the call to " + plan.dns().get(0) + " did not finish; see " + result.directory());
        }
        return result.calls().get(0);
    }

    /** A run of the caller through {@code proxy}, in a directory of its own. */
    public SippCaller.Result run(KamailioProxy proxy, SippCaller.Plan plan) {
        Path runDirectory = directory.resolve("calls").resolve("%04d".formatted(calls.incrementAndGet()));
        try {
            return SippCaller.run(tools, proxy.address(), plan, runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the caller in " + runDirectory, e);
        }
    }

    SipTools tools() {
        return tools;
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        proxies.values().forEach(KamailioProxy::close);
        phones.values().forEach(SippPhones::close);
    }
}
