package io.roam.hub.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates the hub's topics if missing. Topics that exist (made by a spoke, a peer or an operator) are left as they are. */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Map<String, Object> adminConfig;
    private final List<NewTopic> topics;
    private final Duration timeout;

    public TopicProvisioner(Map<String, Object> adminConfig, List<NewTopic> topics, Duration timeout) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.topics = List.copyOf(topics);
        this.timeout = timeout;
    }

    /** Throws the broker's error as a KafkaException, so that the caller can tell fatal from retriable. */
    public void ensureTopics() {
        Admin admin = Admin.create(adminConfig);
        try {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created topic {}", created.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new TimeoutException("topic " + created.getKey() + " not created within " + timeout);
                } catch (InterruptedException e) {
                    throw new InterruptException(e);
                }
            }
        } finally {
            // Bounded: with the broker down, pending calls would otherwise hold the relay thread.
            admin.close(timeout);
        }
    }
}
