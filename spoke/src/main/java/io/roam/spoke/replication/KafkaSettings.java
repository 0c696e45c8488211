package io.roam.spoke.replication;

import io.roam.events.KafkaClientSecurity;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka connection for the publisher and the applier, and the copies its topics keep: a write is
 * acknowledged once {@code min-insync-replicas} of {@code replication-factor} copies have it. With {@code security-protocol}
 * SASL_PLAINTEXT (or SASL_SSL) the spoke logs in with SCRAM-SHA-512 as {@code sasl-username},
 * by convention {@code spoke-<cluster-id>}, whose ACLs let it write its own outbound topic only.
 * {@code client} passes any other client property through (TLS: {@code ssl.truststore.location} …)
 * and wins over the ones derived here.
 */
@ConfigurationProperties("roam.kafka")
public record KafkaSettings(
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("1") int minInsyncReplicas,
        @DefaultValue("PLAINTEXT") String securityProtocol,
        String saslUsername,
        String saslPassword,
        @DefaultValue Map<String, String> client) {

    /** Refuses at startup a SASL protocol without credentials. */
    public KafkaSettings {
        new KafkaClientSecurity(securityProtocol, saslUsername, saslPassword);
    }

    public KafkaClientSecurity security() {
        return new KafkaClientSecurity(securityProtocol, saslUsername, saslPassword);
    }

    public Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>(security().clientProperties());
        props.putAll(client);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
