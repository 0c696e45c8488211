package io.roam.scenarios.broker;

import io.roam.events.KafkaClientSecurity;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The secure mode of the local broker: clients must log in with SASL/SCRAM-SHA-512 and may do only
 * what ACLs grant them ({@code StandardAuthorizer}, nothing allowed without an ACL); {@code admin}
 * is the only super user and the broker's own identity. The controller listener takes SASL/PLAIN
 * with the admin password alone, since KRaft cannot read SCRAM credentials before it has loaded its
 * metadata; left PLAINTEXT, its anonymous callers would need to be super users. Topics are never
 * created by a produce or a metadata request.
 *
 * @param adminPassword letters, digits, {@code -} and {@code _} only: the storage tool's
 *                      {@code --add-scram} argument has no quoting
 */
public record BrokerSecurity(String adminPassword) {

    public static final String ADMIN = "admin";

    static final String CLIENT_LISTENER = KafkaClientSecurity.SASL_PLAINTEXT;
    private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z0-9_-]{8,}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public BrokerSecurity {
        if (adminPassword == null || !UNQUOTED.matcher(adminPassword).matches()) {
            throw new IllegalArgumentException("the admin password needs at least 8 letters, digits, '-' or '_'");
        }
    }

    public static BrokerSecurity withRandomPassword() {
        return new BrokerSecurity(randomPassword());
    }

    /** 192 random bits, URL-safe Base64: fits a JAAS line, an environment variable and {@code --add-scram}. */
    public static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** How the launcher, tests and operators log in as the super user. */
    public KafkaClientSecurity admin() {
        return KafkaClientSecurity.scram(ADMIN, adminPassword);
    }

    /** Replace the plaintext listeners and open defaults of {@link KafkaBroker#brokerProperties()}. */
    Map<String, String> brokerProperties(String clientAddress, String controllerAddress) {
        String clientPrefix = "listener.name." + CLIENT_LISTENER.toLowerCase() + ".";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("listeners", CLIENT_LISTENER + "://" + clientAddress + ",CONTROLLER://" + controllerAddress);
        properties.put("advertised.listeners", CLIENT_LISTENER + "://" + clientAddress + ",CONTROLLER://" + controllerAddress);
        properties.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        properties.put("inter.broker.listener.name", CLIENT_LISTENER);
        properties.put("sasl.mechanism.inter.broker.protocol", KafkaClientSecurity.SCRAM_SHA_512);
        properties.put(clientPrefix + "sasl.enabled.mechanisms", KafkaClientSecurity.SCRAM_SHA_512);
        // Server side it needs no options; the broker's own client side logs in as admin.
        properties.put(clientPrefix + "scram-sha-512.sasl.jaas.config", admin().clientProperties().get("sasl.jaas.config"));
        properties.put("sasl.mechanism.controller.protocol", "PLAIN");
        properties.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        properties.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";");
        properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        properties.put("super.users", "User:" + ADMIN);
        properties.put("allow.everyone.if.no.acl.found", "false");
        properties.put("auto.create.topics.enable", "false");
        return properties;
    }

    /** The admin's SCRAM credential goes into the formatted storage: without it no one could log in to add users. */
    List<String> formatArguments() {
        return List.of("--add-scram",
                KafkaClientSecurity.SCRAM_SHA_512 + "=[name=" + ADMIN + ",password=" + adminPassword + "]");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "BrokerSecurity[SASL/SCRAM-SHA-512, super user " + ADMIN + "]";
    }
}
