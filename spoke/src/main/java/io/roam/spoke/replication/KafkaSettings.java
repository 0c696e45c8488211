package io.roam.spoke.replication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka connection for the publisher and the applier. {@code client} passes any client
 * property through (TLS and SASL: {@code security.protocol}, {@code ssl.truststore.location},
 * {@code sasl.mechanism}, {@code sasl.jaas.config} …).
 */
@ConfigurationProperties("roam.kafka")
public record KafkaSettings(
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue Map<String, String> client) {

    public Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>(client);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
