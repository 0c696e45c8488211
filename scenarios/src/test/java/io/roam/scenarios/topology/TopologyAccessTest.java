package io.roam.scenarios.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.events.KafkaClientSecurity;
import io.roam.scenarios.process.ChildProcess;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyAccessTest {

    private final TopologyAccess access = new TopologyAccess();

    @Test
    void every_spoke_and_hub_logs_in_as_its_own_user_with_its_own_password() {
        KafkaClientSecurity cluster1 = access.spoke("cluster-1");
        KafkaClientSecurity cluster2 = access.spoke("cluster-2");
        KafkaClientSecurity hubA = access.hub("hub-a");

        assertThat(cluster1.username()).isEqualTo("spoke-cluster-1");
        assertThat(hubA.username()).isEqualTo("hub-hub-a");
        assertThat(cluster1.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
        assertThat(Set.of(cluster1.password(), cluster2.password(), hubA.password(),
                access.broker().adminPassword())).hasSize(4);
    }

    @Test
    void a_restarted_or_standby_instance_gets_the_same_login() {
        assertThat(access.hub("hub-a")).isEqualTo(access.hub("hub-a"));
        assertThat(access.spoke("cluster-1")).isEqualTo(access.spoke("cluster-1"));
    }

    @Test
    void the_password_goes_to_the_childs_environment_not_its_command_line() {
        KafkaClientSecurity cluster1 = access.spoke("cluster-1");
        ChildProcess child = TopologyAccess.logInAs(ChildProcess.builder("cluster-1").mainClass("Spoke")
                .logFile(Path.of("cluster-1.log")), cluster1).build();

        assertThat(child.command()).contains("--roam.kafka.security-protocol=SASL_PLAINTEXT",
                "--roam.kafka.sasl-username=spoke-cluster-1");
        assertThat(String.join(" ", child.command())).doesNotContain(cluster1.password());
    }
}
