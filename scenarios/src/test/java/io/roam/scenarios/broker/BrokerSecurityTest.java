package io.roam.scenarios.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSecurityTest {

    @TempDir
    Path dataDir;

    private final BrokerSecurity security = new BrokerSecurity("admin-secret-1");

    @Test
    void theSecureBrokerTakesOnlyScramLoginsFromClients() {
        Map<String, String> properties = broker(security).brokerProperties();

        assertThat(properties)
                .containsEntry("listeners", "SASL_PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
                .containsEntry("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("inter.broker.listener.name", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism.controller.protocol", "PLAIN");
    }

    @Test
    void theSecureBrokerAllowsOnlyWhatAclsGrantAndCreatesNoTopicOnItsOwn() {
        assertThat(broker(security).brokerProperties())
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:admin")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void theAdminCanLogInFromTheFirstStart() {
        assertThat(security.formatArguments())
                .containsExactly("--add-scram", "SCRAM-SHA-512=[name=admin,password=admin-secret-1]");
        assertThat(broker(security).adminClientConfig())
                .containsEntry("bootstrap.servers", "127.0.0.1:19092")
                .containsEntry("security.protocol", "SASL_PLAINTEXT");
    }

    @Test
    void withoutSecurityTheBrokerStaysPlaintextAndOpenForLocalDevelopment() {
        Map<String, String> properties = broker(null).brokerProperties();

        assertThat(properties).containsEntry("auto.create.topics.enable", "true")
                .doesNotContainKey("authorizer.class.name");
        assertThat(broker(null).adminClientConfig()).doesNotContainKey("security.protocol");
    }

    @Test
    void passwordsThatTheStorageToolCannotTakeAreRefused() {
        for (String unusable : new String[] {"short", "has,comma-in-it", "has]bracket-in-it", "has\"quote-in-it"}) {
            assertThatThrownBy(() -> new BrokerSecurity(unusable)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new BrokerSecurity(BrokerSecurity.randomPassword())).isNotNull();
    }

    @Test
    void thePasswordNeverShowsInItsDescription() {
        assertThat(security.toString()).doesNotContain("admin-secret-1");
    }

    private KafkaBroker broker(BrokerSecurity security) {
        return new KafkaBroker(KafkaBroker.Settings.of(dataDir, 19092, 19093).withSecurity(security));
    }
}
