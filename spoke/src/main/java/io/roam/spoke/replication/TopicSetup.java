package io.roam.spoke.replication;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the spoke's topics if missing; history is kept forever so late joiners can full-sync. */
final class TopicSetup {

    private TopicSetup() {
    }

    /** Creates what is missing; returns each topic's id, which a topic deleted and created again does not keep. */
    static Map<String, String> ensure(KafkaSettings settings, Collection<String> topics) throws InterruptedException {
        Map<String, Object> props = settings.common();
        props.put("request.timeout.ms", 5000);
        props.put("default.api.timeout.ms", 10000);
        Admin admin = Admin.create(props);
        try {
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
            for (var entry : admin.describeTopics(topics).topicNameValues().entrySet()) {
                try {
                    ids.put(entry.getKey(), entry.getValue().get(10, TimeUnit.SECONDS).topicId().toString());
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("cannot describe " + entry.getKey(), e);
                }
            }
            return ids;
        } finally {
            // close() without a timeout can wait for ever on a broker that went away
            admin.close(Duration.ofSeconds(5));
        }
    }
}
