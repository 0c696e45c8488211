package io.roam.hub;

import org.springframework.boot.context.properties.ConfigurationProperties;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code roam.kafka.*}. The defaults (in application.yml) favour latency and quick recovery: a
 * relay that fails over in seconds and keeps open transactions short, because a transaction left
 * open by a killed instance holds back every read_committed reader until it times out.
 */
@ConfigurationProperties("roam.kafka")
public record KafkaSettings(
        String bootstrapServers,
        short replicationFactor,
        Duration linger,
        Duration fetchMaxWait,
        Duration pollTimeout,
        Duration metadataMaxAge,
        Duration sessionTimeout,
        Duration transactionTimeout,
        Duration requestTimeout,
        Duration retryBackoff,
        Duration retryBackoffMax,
        @DefaultValue Map<String, String> client) {

    /** Any other client property (TLS and SASL above all), passed through to every client. */
    public KafkaSettings {
        client = client == null ? Map.of() : Map.copyOf(client);
    }
}
