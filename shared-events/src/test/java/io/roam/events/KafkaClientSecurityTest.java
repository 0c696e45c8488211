package io.roam.events;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotBlank;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSecurityTest {

    @Test
    void plaintext_is_the_default_and_adds_no_client_property() {
        KafkaClientSecurity security = new KafkaClientSecurity(null, null, null);

        assertThat(security.securityProtocol()).isEqualTo("PLAINTEXT");
        assertThat(security.clientProperties()).isEmpty();
    }

    @Test
    void scram_sets_protocol_mechanism_and_a_login_line_for_the_user() {
        Map<String, String> properties = KafkaClientSecurity.scram("spoke-cluster-1", "s3cret").clientProperties();

        assertThat(properties).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(loginOptions(properties.get("sasl.jaas.config")))
                .containsEntry("username", "spoke-cluster-1")
                .containsEntry("password", "s3cret");
    }

    @Test
    void a_sasl_protocol_without_credentials_is_refused_at_startup() {
        assertThatThrownBy(() -> new KafkaClientSecurity("sasl_plaintext", "spoke-cluster-1", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roam.kafka.sasl-password");
        assertThatThrownBy(() -> new KafkaClientSecurity("SASL_PLAINTEXT", null, "s3cret"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unknown_protocol_is_refused() {
        assertThatThrownBy(() -> new KafkaClientSecurity("TLS", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SASL_PLAINTEXT");
    }

    @Test
    void the_password_never_shows_in_its_description() {
        assertThat(KafkaClientSecurity.scram("hub-hub-a", "s3cret").toString())
                .contains("hub-hub-a").doesNotContain("s3cret");
    }

    @Property
    void any_credentials_reach_the_login_module_unchanged(@ForAll @NotBlank String username,
                                                          @ForAll @NotBlank String password) {
        String jaas = KafkaClientSecurity.scram(username, password).clientProperties().get("sasl.jaas.config");

        assertThat(loginOptions(jaas)).containsEntry("username", username).containsEntry("password", password);
    }

    /** Parsed by Kafka's own JAAS parser, as the client does. */
    private static Map<String, Object> loginOptions(String jaas) {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new Password(jaas))).configurationEntries();
        assertThat(entries).hasSize(1);
        return Map.copyOf(entries.get(0).getOptions());
    }
}
