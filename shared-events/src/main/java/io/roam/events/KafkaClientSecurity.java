package io.roam.events;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a spoke or a hub authenticates to Kafka: {@code PLAINTEXT} (local development, the default)
 * or SASL/SCRAM-SHA-512 with its own user, whose ACLs say what it may read and write. Shared so that
 * spokes, hubs and the launcher build the same client properties, the JAAS line above all.
 *
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL; blank means PLAINTEXT
 * @param username         the SCRAM user; required with a SASL protocol
 * @param password         its password; required with a SASL protocol
 */
public record KafkaClientSecurity(String securityProtocol, String username, String password) {

    public static final String PLAINTEXT = "PLAINTEXT";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

    private static final Set<String> PROTOCOLS = Set.of(PLAINTEXT, "SSL", SASL_PLAINTEXT, "SASL_SSL");
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public KafkaClientSecurity {
        securityProtocol = securityProtocol == null || securityProtocol.isBlank()
                ? PLAINTEXT : securityProtocol.trim().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(securityProtocol)) {
            throw new IllegalArgumentException("roam.kafka.security-protocol must be one of " + PROTOCOLS
                    + ", not " + securityProtocol);
        }
        if (isSasl(securityProtocol) && (isBlank(username) || isBlank(password))) {
            throw new IllegalArgumentException("roam.kafka.security-protocol " + securityProtocol
                    + " needs roam.kafka.sasl-username and roam.kafka.sasl-password");
        }
    }

    public static KafkaClientSecurity plaintext() {
        return new KafkaClientSecurity(PLAINTEXT, null, null);
    }

    /** SCRAM-SHA-512 over an unencrypted connection: the local secure topology. */
    public static KafkaClientSecurity scram(String username, String password) {
        return new KafkaClientSecurity(SASL_PLAINTEXT, username, password);
    }

    public boolean isSasl() {
        return isSasl(securityProtocol);
    }

    /** The client properties for this protocol; none for PLAINTEXT, so a plaintext client is configured as before. */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (securityProtocol.equals(PLAINTEXT)) {
            return properties;
        }
        properties.put("security.protocol", securityProtocol);
        if (isSasl()) {
            properties.put("sasl.mechanism", SCRAM_SHA_512);
            properties.put("sasl.jaas.config", SCRAM_LOGIN_MODULE + " required username=" + quoted(username)
                    + " password=" + quoted(password) + ";");
        }
        return properties;
    }

    /** Never prints the password: these settings end up in logs. */
    @Override
    public String toString() {
        return isSasl() ? securityProtocol + "/" + SCRAM_SHA_512 + " as " + username : securityProtocol;
    }

    /** A JAAS option value: Kafka's parser reads it like a Java string literal, ended by a quote or a line break. */
    private static String quoted(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static boolean isSasl(String protocol) {
        return protocol.startsWith("SASL_");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
