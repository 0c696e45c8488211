package io.roam.scenarios.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roam.scenarios.process.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    private static final String TOPIC = "ils.spoke.cluster-1.out";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dataDir;

    private KafkaBroker broker;

    @AfterEach
    void killBroker() {
        if (broker != null) {
            broker.kill();
        }
    }

    @Test
    void keepsRecordsAcrossKillAndRestartOnTheSamePort() throws Exception {
        broker = newBroker();
        startTimed("first start, with format");
        produce("before-kill");
        assertThat(consumeAllFromBeginning()).containsExactly("before-kill");

        broker.kill();

        assertThat(broker.isAlive()).isFalse();
        assertThat(broker.process().exitCode()).hasValue(137);
        assertThat(acceptsConnections()).isFalse();

        startTimed("start after kill -9");

        assertThat(consumeAllFromBeginning()).containsExactly("before-kill");
        produce("after-restart");
        assertThat(consumeAllFromBeginning()).containsExactly("before-kill", "after-restart");
    }

    @Test
    void stopsGracefullyAndStartsAgainWithItsData() throws Exception {
        broker = newBroker();
        startTimed("first start, with format");
        produce("before-stop");

        assertThat(broker.stop()).as("exited within the stop timeout").isTrue();

        assertThat(broker.process().exitCode()).hasValue(143);
        startTimed("start after graceful stop");
        assertThat(consumeAllFromBeginning()).containsExactly("before-stop");
    }

    @Test
    void neverDropsHistoryAndAutoCreatesSinglePartitionTopics() throws Exception {
        broker = newBroker();
        broker.start();
        produce("first");

        try (Admin admin = admin()) {
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get(10, TimeUnit.SECONDS).values().iterator().next();
            assertThat(config.get("log.retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("log.retention.bytes").value()).isEqualTo("-1");
            assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(TOPIC).partitions()).hasSize(1);
        }
    }

    @Test
    void pausedBrokerAnswersNothingUntilResumed() throws Exception {
        broker = newBroker();
        broker.start();

        broker.pause();

        assertThat(broker.isPaused()).isTrue();
        try (Admin admin = admin()) {
            assertThatThrownBy(() -> describeCluster(admin, Duration.ofSeconds(2)))
                    .hasCauseInstanceOf(TimeoutException.class);

            broker.resume();

            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(describeCluster(admin, Duration.ofSeconds(2))).isEqualTo(1));
        }
    }

    private KafkaBroker newBroker() {
        int[] ports = FreePorts.allocate(2);
        return new KafkaBroker(KafkaBroker.Settings.of(dataDir, ports[0], ports[1]));
    }

    /** Starts the broker and prints how long it took, for comparing machines. */
    private void startTimed(String what) throws IOException {
        long started = System.nanoTime();
        broker.start();
        System.out.printf("Kafka broker %s: ready in %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void produce(String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every value in the partition, read by a fresh consumer without a group, up to the end offset. */
    private List<String> consumeAllFromBeginning() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(30)).get(PARTITION);
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return consumer.position(PARTITION) >= end;
            });
            return values;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static int describeCluster(Admin admin, Duration timeout)
            throws InterruptedException, ExecutionException {
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                .nodes().get().size();
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", broker.settings().port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
