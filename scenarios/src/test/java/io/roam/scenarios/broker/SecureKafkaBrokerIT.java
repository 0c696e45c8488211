package io.roam.scenarios.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roam.events.KafkaClientSecurity;
import io.roam.events.TopicPolicy;
import io.roam.hub.HubIdentity;
import io.roam.hub.KafkaSettings;
import io.roam.hub.relay.Delivery;
import io.roam.hub.relay.KafkaRelayClients;
import io.roam.scenarios.process.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker of {@code roam up --secure}, one for the class: SCRAM users and ACLs provisioned as
 * the launcher does, then each principal tried on what it may and may not do.
 */
class SecureKafkaBrokerIT {

    private static final String CLUSTER_1_OUT = TopicPolicy.spokeOutbound("cluster-1");
    private static final String HUB_A_FEED = TopicPolicy.hubFeed("hub-a");
    private static final String CLUSTER_2_OUT = TopicPolicy.spokeOutbound("cluster-2");
    private static final String HUB_A_MESH = TopicPolicy.hubMesh("hub-a");
    private static final String HUB_B_MESH = TopicPolicy.hubMesh("hub-b");
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static KafkaBroker broker;
    private static KafkaClientSecurity spoke1;
    private static KafkaClientSecurity spoke2;
    private static KafkaClientSecurity hubA;

    @BeforeAll
    static void startSecureBrokerAndProvision() throws Exception {
        int[] ports = FreePorts.allocate(2);
        broker = new KafkaBroker(KafkaBroker.Settings.of(dataDir, ports[0], ports[1])
                .withSecurity(BrokerSecurity.withRandomPassword()));
        broker.start();
        spoke1 = KafkaClientSecurity.scram(RoamAcls.spokeUser("cluster-1"), BrokerSecurity.randomPassword());
        spoke2 = KafkaClientSecurity.scram(RoamAcls.spokeUser("cluster-2"), BrokerSecurity.randomPassword());
        hubA = KafkaClientSecurity.scram(RoamAcls.hubUser("hub-a"), BrokerSecurity.randomPassword());
        try (AccessProvisioner access = new AccessProvisioner(broker.adminClientConfig(), ANSWER)) {
            access.provisionSpoke("cluster-1", "hub-a", spoke1.password());
            access.provisionSpoke("cluster-2", "hub-a", spoke2.password());
            access.provisionHub("hub-a", List.of("cluster-1", "cluster-2"), hubA.password());
        }
        try (Admin admin = Admin.create(broker.adminClientConfig())) {
            admin.createTopics(List.of(CLUSTER_1_OUT, HUB_A_FEED, CLUSTER_2_OUT, HUB_A_MESH, HUB_B_MESH, TopicPolicy.DEAD_LETTERS).stream()
                    .map(topic -> new NewTopic(topic, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void killBroker() {
        if (broker != null) {
            broker.kill();
        }
    }

    @Test
    void aSpokeWritesItsOwnOutboundTopic() throws Exception {
        assertThat(send(spoke1, CLUSTER_1_OUT, "login").get(30, TimeUnit.SECONDS).topic()).isEqualTo(CLUSTER_1_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ils.spoke.cluster-2.out", "ils.hub.hub-a.mesh", "ils.hub.hub-a.feed", "ils.dead-letters"})
    void aSpokeIsRefusedWritingAnyOtherTopic(String topic) {
        assertThatThrownBy(() -> send(spoke1, topic, "forged").get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aSpokeReadsAnotherSpokesOutboundTopicForAFullSync() throws Exception {
        send(spoke2, CLUSTER_2_OUT, "from-cluster-2").get(30, TimeUnit.SECONDS);

        assertThat(readAll(spoke1, CLUSTER_2_OUT)).contains("from-cluster-2");
    }

    @Test
    void aSpokeReadsItsHubsFeedButNoPeersMesh() throws Exception {
        try (KafkaProducer<String, String> admin = new KafkaProducer<>(producerConfig(broker.adminClientConfig()))) {
            admin.send(new ProducerRecord<>(HUB_A_FEED, "cluster-2", "on-the-feed")).get(30, TimeUnit.SECONDS);
        }

        assertThat(readAll(spoke1, HUB_A_FEED)).contains("on-the-feed");
        assertThatThrownBy(() -> readAll(spoke1, HUB_B_MESH)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aSpokeCreatesItsOwnTopicButNoOther() {
        try (Admin admin = Admin.create(clientConfig(spoke1))) {
            assertThatThrownBy(() -> create(admin, CLUSTER_1_OUT)).hasCauseInstanceOf(TopicExistsException.class);
            assertThatThrownBy(() -> create(admin, "ils.hub.hub-b.feed"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> create(admin, "ils.spoke.cluster-9.out"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> create(admin, "ils.hub.rogue.mesh"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aHubRelaysInATransactionToItsMeshAndItsFeedButWritesNoPeersMesh() throws Exception {
        Map<String, Object> config = clientConfig(hubA);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, RoamAcls.hubUser("hub-a") + "-instance-1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(HUB_A_MESH, "cluster-1", "relayed"));
            producer.send(new ProducerRecord<>(HUB_A_FEED, "cluster-2", "relayed"));
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(CLUSTER_2_OUT, 0), new OffsetAndMetadata(0)),
                    new ConsumerGroupMetadata(RoamAcls.hubUser("hub-a")));
            producer.commitTransaction();
        }

        assertThatThrownBy(() -> send(hubA, HUB_B_MESH, "forged").get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theHubsOwnClientsCreateItsTopicsAndStartTheirTransactionsUnderItsAcls() throws Exception {
        KafkaSettings settings = new KafkaSettings(broker.bootstrapServers(), (short) 1, 1, Duration.ofMillis(1),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(5),
                hubA.securityProtocol(), hubA.username(), hubA.password(), Map.of());
        KafkaRelayClients clients = new KafkaRelayClients(new HubIdentity("hub-a", "it", List.of("cluster-1", "cluster-2")),
                settings, Delivery.TRANSACTIONS);

        clients.ensureTopics();

        try (Producer<byte[], byte[]> producer = clients.producer()) {
            producer.initTransactions();
        }
        try (Admin admin = Admin.create(broker.adminClientConfig())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains(TopicPolicy.hubMembers("hub-a"), HUB_A_FEED);
        }
    }

    @Test
    void aHubFindsItsPeersMeshesByPatternInItsConsumerGroup() throws Exception {
        try (KafkaProducer<String, String> admin = new KafkaProducer<>(producerConfig(broker.adminClientConfig()))) {
            admin.send(new ProducerRecord<>(HUB_B_MESH, "cluster-3", "from-hub-b")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = clientConfig(hubA);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, RoamAcls.hubUser("hub-a"));
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(TopicPolicy.peerMeshPattern("hub-a"));
            List<String> values = new ArrayList<>();
            await().atMost(ANSWER).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.topic() + " " + record.value()));
                return values.contains(HUB_B_MESH + " from-hub-b");
            });
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNoAnswer() {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> describeCluster(admin)).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserFailsToLogIn() {
        for (KafkaClientSecurity wrong : List.of(KafkaClientSecurity.scram(spoke1.username(), "not-the-password"),
                KafkaClientSecurity.scram("spoke-rogue", spoke1.password()))) {
            try (Admin admin = Admin.create(clientConfig(wrong))) {
                assertThatThrownBy(() -> describeCluster(admin)).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void writingToAMissingTopicDoesNotCreateIt() throws Exception {
        String missing = "ils.spoke.cluster-9.out";
        Map<String, Object> config = producerConfig(broker.adminClientConfig());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
        try (KafkaProducer<String, String> admin = new KafkaProducer<>(config)) {
            assertThatThrownBy(() -> admin.send(new ProducerRecord<>(missing, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        try (Admin admin = Admin.create(broker.adminClientConfig())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(missing);
            Config brokerConfig = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(brokerConfig.get("auto.create.topics.enable").value()).isEqualTo("false");
        }
    }

    /** Configured as the spoke's publisher is: idempotent, acks=all. */
    private static Future<RecordMetadata> send(KafkaClientSecurity who, String topic, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(clientConfig(who)))) {
            return producer.send(new ProducerRecord<>(topic, "key", value));
        }
    }

    private static Map<String, Object> producerConfig(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    /** Every value in the topic, read as the spoke reads: assign(), no consumer group. */
    private static List<String> readAll(KafkaClientSecurity who, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clientConfig(who), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), ANSWER).get(partition);
            List<String> values = new ArrayList<>();
            await().atMost(ANSWER).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return consumer.position(partition) >= end;
            });
            return values;
        }
    }

    private static Map<String, Object> clientConfig(KafkaClientSecurity who) {
        Map<String, Object> config = new HashMap<>(who.clientProperties());
        config.put("bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    private static void create(Admin admin, String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private static int describeCluster(Admin admin) throws Exception {
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(10, TimeUnit.SECONDS).size();
    }
}
