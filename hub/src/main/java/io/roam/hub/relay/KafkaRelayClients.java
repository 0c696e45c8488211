package io.roam.hub.relay;

import io.roam.hub.HubIdentity;
import io.roam.hub.KafkaSettings;
import io.roam.hub.failover.SingleActiveAssignor;
import io.roam.hub.topics.HubTopics;
import io.roam.hub.topics.TopicProvisioner;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/** Real Kafka clients, configured for one hub instance. */
public final class KafkaRelayClients implements RelayClients {

    private final HubIdentity hub;
    private final KafkaSettings kafka;
    private final Delivery delivery;
    private final TopicProvisioner provisioner;

    public KafkaRelayClients(HubIdentity hub, KafkaSettings kafka, Delivery delivery) {
        this.hub = hub;
        this.kafka = kafka;
        this.delivery = delivery;
        this.provisioner = new TopicProvisioner(adminConfig(), HubTopics.required(hub, kafka.replicationFactor(), kafka.minInsyncReplicas()),
                kafka.requestTimeout());
    }

    @Override
    public void ensureTopics() {
        provisioner.ensureTopics();
    }

    @Override
    public Consumer<byte[], byte[]> inputConsumer() {
        return new KafkaConsumer<>(inputConsumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Producer<byte[], byte[]> producer() {
        return new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> changelogConsumer() {
        return new KafkaConsumer<>(changelogConsumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    Map<String, Object> inputConsumerConfig() {
        Map<String, Object> config = common("relay");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, hub.groupId());
        // Static membership: a restarted instance takes its own place back without a rebalance.
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, hub.transactionalId());
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, SingleActiveAssignor.class.getName());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) kafka.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1, kafka.sessionTimeout().toMillis() / 3));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // New peer hubs' mesh topics are found by the pattern subscription within this time.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) kafka.metadataMaxAge().toMillis());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) kafka.fetchMaxWait().toMillis());
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
        return config;
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> config = common("producer");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) kafka.linger().toMillis());
        if (delivery == Delivery.TRANSACTIONS) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, hub.transactionalId());
            // Short, as in Kafka's exactly-once example: a transaction left open by a killed instance
            // holds back every read_committed reader of the hub's feed until it times out.
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) kafka.transactionTimeout().toMillis());
        } else {
            // A send the broker never acknowledges fails in bounded time, and the batch is sent again.
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    (int) (kafka.requestTimeout().toMillis() * 2 + kafka.linger().toMillis()));
        }
        // Bounds every blocking producer call, so the loop notices a dead broker and backs off.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.requestTimeout().toMillis());
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
        return config;
    }

    Map<String, Object> changelogConsumerConfig() {
        Map<String, Object> config = common("changelog");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) kafka.fetchMaxWait().toMillis());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
        return config;
    }

    Map<String, Object> adminConfig() {
        Map<String, Object> config = common("admin");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
        return config;
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> config = new HashMap<>(kafka.security().clientProperties());
        config.putAll(kafka.client());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, hub.transactionalId() + "-" + role);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis());
        return config;
    }
}
