package io.roam.hub.relay;

import io.roam.hub.HubIdentity;
import io.roam.hub.KafkaSettings;
import io.roam.hub.failover.SingleActiveAssignor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRelayClientsTest {

    static final KafkaSettings SETTINGS = new KafkaSettings("127.0.0.1:19092", (short) 1, 1, Duration.ofMillis(1),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(5), null, null, null, Map.of());

    private final KafkaRelayClients clients = new KafkaRelayClients(new HubIdentity("hub-a", "a1", List.of("cluster-1")), SETTINGS,
            Delivery.TRANSACTIONS);

    @Test
    void the_relay_reads_only_committed_records_in_the_hubs_group_and_commits_offsets_in_its_transactions() {
        assertThat(clients.inputConsumerConfig())
                .containsEntry("group.id", "hub-hub-a")
                .containsEntry("group.instance.id", "hub-hub-a-a1")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("partition.assignment.strategy", SingleActiveAssignor.class.getName())
                .containsEntry("metadata.max.age.ms", 5000)
                .containsEntry("fetch.max.wait.ms", 50);
    }

    @Test
    void each_instance_writes_with_its_own_transactional_id() {
        assertThat(clients.producerConfig())
                .containsEntry("transactional.id", "hub-hub-a-a1")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", 1);
    }

    @Test
    void at_least_once_an_instance_writes_idempotently_without_a_transaction_and_a_send_fails_in_bounded_time() {
        KafkaRelayClients atLeastOnce = new KafkaRelayClients(new HubIdentity("hub-a", "a1", List.of("cluster-1")), SETTINGS,
                Delivery.AT_LEAST_ONCE);

        assertThat(atLeastOnce.producerConfig())
                .doesNotContainKey("transactional.id")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("delivery.timeout.ms", 20_001);
        assertThat(atLeastOnce.inputConsumerConfig()).containsEntry("enable.auto.commit", false);
    }

    @Test
    void every_client_logs_in_as_the_hubs_own_user_when_sasl_is_configured() {
        KafkaSettings secure = new KafkaSettings("127.0.0.1:19092", (short) 1, 1, Duration.ofMillis(1),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(5),
                "SASL_PLAINTEXT", "hub-hub-a", "s3cret", Map.of());
        KafkaRelayClients secureClients = new KafkaRelayClients(new HubIdentity("hub-a", "a1", List.of("cluster-1")), secure,
                Delivery.TRANSACTIONS);

        for (Map<String, Object> config : List.of(secureClients.inputConsumerConfig(), secureClients.producerConfig(),
                secureClients.changelogConsumerConfig(), secureClients.adminConfig())) {
            assertThat(config)
                    .containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat((String) config.get("sasl.jaas.config")).contains("username=\"hub-hub-a\"");
        }
    }

    @Test
    void without_security_settings_the_clients_connect_in_plaintext_as_before() {
        assertThat(clients.producerConfig()).doesNotContainKeys("security.protocol", "sasl.jaas.config");
    }

    @Test
    void the_changelog_is_read_committed_and_outside_any_group() {
        assertThat(clients.changelogConsumerConfig())
                .containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.id");
    }
}
