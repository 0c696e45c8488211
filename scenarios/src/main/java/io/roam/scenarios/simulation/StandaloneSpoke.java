package io.roam.scenarios.simulation;

import io.roam.events.TopicPolicy;
import io.roam.scenarios.broker.ClusterMembership;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.process.ChildProcess;
import io.roam.scenarios.process.FreePorts;
import io.roam.scenarios.topology.NetworkKeyFile;
import io.roam.scenarios.topology.Node;
import io.roam.scenarios.topology.ServiceNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A spoke outside the topology, on its broker but attached to no hub: nothing reaches it but
 * what the bench writes to the feed of a hub of its own that never runs, and nobody reads what it
 * publishes. It never full-syncs (its empty store would otherwise read every spoke's history at
 * its first start).
 */
public final class StandaloneSpoke implements AutoCloseable {

    private final String clusterId;
    private final String feed;
    private final String bootstrapServers;
    private final String url;
    private final ServiceNode node;

    /**
     * @param jvmArgs    heap and GC options
     * @param properties extra Spring properties, {@code name=value}
     */
    public StandaloneSpoke(String clusterId, Path home, Path spokeJar, String bootstrapServers, List<String> jvmArgs,
                    List<String> properties, Duration readyTimeout) {
        this.clusterId = clusterId;
        String hubId = "standalone-" + clusterId;
        this.feed = TopicPolicy.hubFeed(hubId);
        this.bootstrapServers = bootstrapServers;
        int port = FreePorts.allocate(1)[0];
        this.url = "http://127.0.0.1:" + port;
        List<String> args = new ArrayList<>(List.of("--server.port=" + port,
                "--roam.spoke.cluster-id=" + clusterId,
                "--roam.spoke.hub-id=" + hubId,
                "--roam.spoke.data-dir=" + home.resolve("data"),
                "--roam.kafka.bootstrap-servers=" + bootstrapServers,
                // as many copies as a topology on these brokers keeps: one per broker, a majority in sync
                "--roam.kafka.replication-factor=" + brokers(bootstrapServers),
                "--roam.kafka.min-insync-replicas=" + ClusterMembership.majorityOf(brokers(bootstrapServers)),
                "--roam.spoke.replication.full-sync-timeout=0",
                // the bench's clients use the well-known token, and drive every EM call from 127.0.0.1
                "--roam.spoke.allow-default-admin-token=true", "--roam.spoke.em.rate-per-source=0"));
        properties.forEach(property -> args.add("--" + property));
        ChildProcess.Builder builder = ChildProcess.builder(clusterId);
        NetworkKeyFile.spokeEnvironment(home).forEach(builder::env);
        ChildProcess process = builder
                .jar(spokeJar)
                .jvmArgs(jvmArgs)
                .args(args)
                .logFile(home.resolve(clusterId + ".log"))
                .workingDirectory(home)
                .newSession()
                .build();
        this.node = new ServiceNode(Node.Kind.SPOKE, process, url, new SpokeClient(url)::health, readyTimeout);
    }

    private static int brokers(String bootstrapServers) {
        return bootstrapServers.split(",").length;
    }

    String clusterId() {
        return clusterId;
    }

    public String url() {
        return url;
    }

    /** The feed it reads, which the bench writes in place of a hub. */
    public String feed() {
        return feed;
    }

    public Path logFile() {
        return node.logFile();
    }

    public long pid() {
        return node.pid().orElseThrow(() -> new IllegalStateException(clusterId + " is not running"));
    }

    public boolean isAlive() {
        return node.isAlive();
    }

    /** Creates its feed, as a hub would, and returns once it is healthy: caught up with the feed. */
    public void start() throws IOException {
        createFeed();
        node.start();
    }

    private void createFeed() {
        int brokers = brokers(bootstrapServers);
        NewTopic topic = new NewTopic(feed, 1, (short) brokers).configs(Map.of("retention.ms", "-1",
                "retention.bytes", "-1", "min.insync.replicas", Integer.toString(ClusterMembership.majorityOf(brokers))));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + feed + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + feed, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not create " + feed + " within 30 s", e);
        }
    }

    public void stop() {
        node.stop();
    }

    public void pause() {
        node.pause();
    }

    public void resume() {
        node.resume();
    }

    @Override
    public void close() {
        if (node.isPaused()) {
            node.resume();
        }
        if (node.isAlive()) {
            node.stop();
        }
    }
}
