package io.roam.hub;

import io.roam.events.KafkaClientSecurity;
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
        int minInsyncReplicas,
        Duration linger,
        Duration fetchMaxWait,
        Duration pollTimeout,
        Duration metadataMaxAge,
        Duration sessionTimeout,
        Duration transactionTimeout,
        Duration requestTimeout,
        Duration retryBackoff,
        Duration retryBackoffMax,
        String securityProtocol,
        String saslUsername,
        String saslPassword,
        @DefaultValue Map<String, String> client) {

    /**
     * With {@code security-protocol} SASL_PLAINTEXT (or SASL_SSL) every client logs in with
     * SCRAM-SHA-512 as {@code sasl-username}, by convention {@code hub-<hub-id>}; a SASL protocol
     * without credentials is refused at startup. {@code client} passes any other client property
     * (TLS above all) through to every client and wins over the ones derived here.
     */
    public KafkaSettings {
        new KafkaClientSecurity(securityProtocol, saslUsername, saslPassword);
        client = client == null ? Map.of() : Map.copyOf(client);
    }

    /** PLAINTEXT unless configured. */
    public KafkaClientSecurity security() {
        return new KafkaClientSecurity(securityProtocol, saslUsername, saslPassword);
    }
}
