package io.roam.spoke.replication;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** roam.kafka.* bound as Spring binds it from arguments and the environment. */
class KafkaSettingsTest {

    @Test
    void by_default_the_spoke_connects_in_plaintext_as_before() {
        Map<String, Object> common = bind(Map.of()).common();

        assertThat(common).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKeys("security.protocol", "sasl.jaas.config");
    }

    @Test
    void with_sasl_settings_every_client_logs_in_as_the_spokes_own_user() {
        Map<String, Object> common = bind(Map.of(
                "roam.kafka.security-protocol", "SASL_PLAINTEXT",
                "roam.kafka.sasl-username", "spoke-cluster-1",
                "roam.kafka.sasl-password", "s3cret")).common();

        assertThat(common).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat((String) common.get("sasl.jaas.config")).contains("username=\"spoke-cluster-1\"");
    }

    @Test
    void a_client_property_given_explicitly_wins() {
        Map<String, Object> common = bind(Map.of(
                "roam.kafka.security-protocol", "SASL_SSL",
                "roam.kafka.sasl-username", "spoke-cluster-1",
                "roam.kafka.sasl-password", "s3cret",
                "roam.kafka.client.sasl.mechanism", "SCRAM-SHA-256")).common();

        assertThat(common).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }

    @Test
    void a_sasl_protocol_without_a_password_stops_the_start() {
        assertThatThrownBy(() -> bind(Map.of(
                "roam.kafka.security-protocol", "SASL_PLAINTEXT",
                "roam.kafka.sasl-username", "spoke-cluster-1")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("roam.kafka.sasl-password");
    }

    private static KafkaSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("roam.kafka", KafkaSettings.class);
    }
}
