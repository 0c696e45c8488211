package io.roam.scenarios.topology;

import io.roam.events.KafkaClientSecurity;
import io.roam.scenarios.broker.AccessProvisioner;
import io.roam.scenarios.broker.BrokerSecurity;
import io.roam.scenarios.broker.KafkaBroker;
import io.roam.scenarios.broker.RoamAcls;
import io.roam.scenarios.process.ChildProcess;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka logins of a secure topology ({@code roam up --secure}): the broker's admin and one
 * SCRAM user per spoke and per hub (shared by the hub's instances), each with a random password
 * that lives in the launcher's memory and in that one child's environment, never in arguments or
 * logs.
 */
final class TopologyAccess {

    /** Spring binds it to {@code roam.kafka.sasl-password}. */
    static final String PASSWORD_VARIABLE = "ROAM_KAFKA_SASLPASSWORD";

    private final BrokerSecurity broker = BrokerSecurity.withRandomPassword();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    BrokerSecurity broker() {
        return broker;
    }

    KafkaClientSecurity spoke(String clusterId) {
        return login(RoamAcls.spokeUser(clusterId));
    }

    KafkaClientSecurity hub(String hubId) {
        return login(RoamAcls.hubUser(hubId));
    }

    /** The users and ACLs of every hub and spoke, as admin; again after the topology grew (existing ones are kept). */
    void provision(KafkaBroker kafka, Topology topology, Duration timeout) {
        try (AccessProvisioner access = new AccessProvisioner(kafka.adminClientConfig(), timeout)) {
            for (Topology.Hub hub : topology.hubs()) {
                access.provisionHub(hub.id(), hub.spokes(), hub(hub.id()).password());
            }
            for (Topology.Spoke spoke : topology.spokes()) {
                access.provisionSpoke(spoke.clusterId(), spoke.hubId(), spoke(spoke.clusterId()).password());
            }
        }
    }

    /** Client properties for the operator's own Kafka tools ({@code --command-config}), readable by the owner alone. */
    void writeAdminClientProperties(KafkaBroker kafka, Path file) throws IOException {
        Properties properties = new Properties();
        kafka.adminClientConfig().forEach((key, value) -> properties.setProperty(key, value.toString()));
        Files.deleteIfExists(file);
        Files.createFile(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "The Kafka super user of this topology");
        }
    }

    /** The child logs in as {@code who}: user and protocol in its arguments, the password in its environment. */
    static ChildProcess.Builder logInAs(ChildProcess.Builder child, KafkaClientSecurity who) {
        return child.args("--roam.kafka.security-protocol=" + who.securityProtocol(),
                        "--roam.kafka.sasl-username=" + who.username())
                .env(PASSWORD_VARIABLE, who.password());
    }

    private KafkaClientSecurity login(String user) {
        return KafkaClientSecurity.scram(user, passwords.computeIfAbsent(user, any -> BrokerSecurity.randomPassword()));
    }
}
