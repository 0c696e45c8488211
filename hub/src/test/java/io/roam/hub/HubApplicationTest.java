package io.roam.hub;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole process with no broker to talk to: it starts, serves its status and health, and keeps trying. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roam.hub.id=hub-a",
        "roam.hub.spokes=cluster-1,cluster-2",
        "roam.hub.instance-id=test",
        "roam.kafka.bootstrap-servers=127.0.0.1:1",
        "roam.kafka.request-timeout=500ms"})
class HubApplicationTest {

    @Autowired
    private TestRestTemplate http;

    @Test
    void without_a_broker_the_hub_reports_that_it_is_retrying_and_stays_healthy() {
        await().untilAsserted(() -> assertThat(hubStatus().path("state").asText()).isEqualTo("RETRYING"));

        JsonNode status = hubStatus();
        assertThat(status.path("hubId").asText()).isEqualTo("hub-a");
        assertThat(status.path("instanceId").asText()).isEqualTo("test");
        assertThat(status.path("role").asText()).isEqualTo("STANDBY");
        assertThat(status.path("spokes")).hasSize(2);
        assertThat(status.path("members").path("cluster-2").asText()).isEqualTo("hub-a");
        assertThat(status.path("relayed").asLong()).isZero();
        assertThat(status.path("deadLettered").asLong()).isZero();
        assertThat(status.has("peers")).isTrue();
        assertThat(status.has("backlog")).isTrue();
        assertThat(status.path("lastError").asText()).contains("Timeout");

        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("relay").path("details").path("state").asText()).isEqualTo("RETRYING");
    }

    @Test
    void metrics_are_exposed_for_prometheus_in_base_units() {
        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("roam_hub_relayed_records_total", "roam_hub_dead_letters_total{",
                "roam_hub_relay_lag_seconds", "roam_hub_active{");
    }

    private JsonNode hubStatus() {
        return http.getForObject("/api/v1/hub", JsonNode.class);
    }
}
