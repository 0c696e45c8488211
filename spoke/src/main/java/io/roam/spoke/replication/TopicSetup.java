package io.roam.spoke.replication;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The spoke's view of topic administration: it creates its own outbound topic if missing, with
 * history kept forever so late joiners can full-sync, and only looks for its hub's feed, which
 * the hub creates.
 */
final class TopicSetup {

    private TopicSetup() {
    }

    /** Creates what is missing; returns each topic's id, which a topic deleted and created again does not keep. */
    static Map<String, String> ensure(KafkaSettings settings, Collection<String> topics) throws InterruptedException {
        return withAdmin(settings, admin -> {
            List<NewTopic> wanted = topics.stream()
                    .map(t -> new NewTopic(t, 1, settings.replicationFactor())
                            .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1",
                                    "min.insync.replicas", Integer.toString(settings.minInsyncReplicas()))))
                    .toList();
            for (var entry : admin.createTopics(wanted).values().entrySet()) {
                try {
                    entry.getValue().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + entry.getKey(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("broker did not answer creating " + entry.getKey(), e);
                }
            }
            Map<String, String> ids = new HashMap<>();
            for (String topic : topics) {
                ids.put(topic, idOf(admin, topic).orElseThrow(() -> new IllegalStateException(topic + " is gone")));
            }
            return ids;
        });
    }

    /**
     * The topic's id, or empty while nobody has created it. A spoke must not create its hub's feed:
     * one created before its hub writes to it would look complete from offset 0 while the hub
     * still relays elsewhere.
     */
    static Optional<String> idOf(KafkaSettings settings, String topic) throws InterruptedException {
        return withAdmin(settings, admin -> idOf(admin, topic));
    }

    private static Optional<String> idOf(Admin admin, String topic) throws InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                    .get(10, TimeUnit.SECONDS).topicId().toString());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot describe " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker did not answer describing " + topic, e);
        }
    }

    private interface AdminCall<T> {
        T apply(Admin admin) throws InterruptedException;
    }

    private static <T> T withAdmin(KafkaSettings settings, AdminCall<T> call) throws InterruptedException {
        Map<String, Object> props = settings.common();
        props.put("request.timeout.ms", 5000);
        props.put("default.api.timeout.ms", 10000);
        Admin admin = Admin.create(props);
        try {
            return call.apply(admin);
        } finally {
            // close() without a timeout can wait for ever on a broker that went away
            admin.close(Duration.ofSeconds(5));
        }
    }
}
