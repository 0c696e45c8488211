package io.roam.scenarios.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Questions a fault injector asks a running Kafka cluster through the Admin API: which broker leads
 * a topic, which controller leads the quorum, and whether every replica is back in sync. Each
 * question is bounded, since the cluster it asks may be losing a broker.
 */
public final class ClusterProbe implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration IN_SYNC_POLL = Duration.ofMillis(500);

    private final Admin admin;

    public ClusterProbe(Map<String, Object> adminConfig) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        this.admin = Admin.create(config);
    }

    /** The node id of the leader of the topic's first partition. */
    public int leaderOf(String topic) {
        TopicDescription description = get(admin.describeTopics(Set.of(topic)).topicNameValues().get(topic));
        Node leader = description.partitions().get(0).leader();
        if (leader == null) {
            throw new IllegalStateException(topic + " has no leader now");
        }
        return leader.id();
    }

    /** The node id of the KRaft quorum's leader, the active controller. */
    public int activeController() {
        return get(admin.describeMetadataQuorum().quorumInfo()).leaderId();
    }

    /**
     * What the topics whose names start with {@code prefix} are set to keep: the fewest copies and the
     * lowest {@code min.insync.replicas} among them, and whether any may elect an out-of-sync leader.
     */
    public record TopicReplication(int topics, int fewestCopies, int lowestMinInsync, boolean uncleanElection) {
    }

    public TopicReplication topicReplication(String prefix) {
        Set<String> names = get(admin.listTopics().names()).stream().filter(name -> name.startsWith(prefix))
                .collect(Collectors.toSet());
        int fewestCopies = Integer.MAX_VALUE;
        for (TopicDescription description : get(admin.describeTopics(names).allTopicNames()).values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                fewestCopies = Math.min(fewestCopies, partition.replicas().size());
            }
        }
        List<ConfigResource> resources = names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        int lowestMinInsync = Integer.MAX_VALUE;
        boolean unclean = false;
        for (Config config : get(admin.describeConfigs(resources).all()).values()) {
            lowestMinInsync = Math.min(lowestMinInsync,
                    Integer.parseInt(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()));
            unclean |= Boolean.parseBoolean(config.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG).value());
        }
        return new TopicReplication(names.size(), names.isEmpty() ? 0 : fewestCopies, names.isEmpty() ? 0 : lowestMinInsync,
                unclean);
    }

    /** Partitions, internal topics included, with fewer in-sync replicas than replicas. */
    public int underReplicated() {
        Set<String> topics = get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        int count = 0;
        for (TopicDescription description : get(admin.describeTopics(topics).allTopicNames()).values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.isr().size() < partition.replicas().size()) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Waits until no partition is under-replicated: only then can another broker go down without a
     * partition falling below its minimum of in-sync replicas.
     */
    public void awaitInSync(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int lagging = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                lagging = underReplicated();
                if (lagging == 0) {
                    return;
                }
            } catch (IllegalStateException e) {
                // a broker still starting or a leader moving: ask again
            }
            Thread.sleep(IN_SYNC_POLL.toMillis());
        }
        throw new IllegalStateException("replicas not in sync within " + timeout
                + (lagging < 0 ? ": the cluster did not answer" : ": " + lagging + " partition(s) under-replicated"));
    }

    @Override
    public void close() {
        admin.close(CALL_TIMEOUT);
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
