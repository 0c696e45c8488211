package io.roam.hub;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

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
        Duration retryBackoffMax) {
}
