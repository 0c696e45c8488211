package io.roam.scenarios.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.deploy.Deployment.Service;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yml and docker/Dockerfile against what the spoke and the hub really read: Docker
 * does not run here, so every name, port and setting a container would get is checked statically.
 */
class ComposeDeploymentTest {

    private static final String SPOKE = "spoke";
    private static final String HUB = "hub";

    private final Deployment deployment = new Deployment();
    private final List<Service> spokes = deployment.services(SPOKE);
    private final List<Service> hubs = deployment.services(HUB);

    @Test
    void runsFourSpokesOnTwoHubsAndAStandbyOfHubA() {
        assertThat(spokes).extracting(Service::name).containsExactly("cluster-1", "cluster-2", "cluster-3", "cluster-4");
        assertThat(hubs).extracting(s -> value(s, "roam.hub.id")).containsExactlyInAnyOrder("hub-a", "hub-a", "hub-b");
        assertThat(hubs).extracting(s -> value(s, "roam.hub.instance-id")).doesNotHaveDuplicates();
    }

    @Test
    void everyRoamVariableReachesAPropertyOfItsApplication() {
        List<String> unread = new ArrayList<>();
        for (Service service : all()) {
            service.environment().keySet().stream()
                    .filter(name -> name.startsWith("ROAM_") && deployment.settings(service).propertiesSetBy(name).isEmpty())
                    .forEach(name -> unread.add(service.name() + " " + name));
        }
        assertThat(unread).as("variables the %s and %s read through no placeholder and no relaxed property name", SPOKE, HUB)
                .isEmpty();
    }

    @Test
    void everySpokeAndHubIsGivenWhatARealDeploymentMustSet() {
        List<String> spokeNeeds = List.of("roam.spoke.cluster-id", "roam.spoke.hub-id", "roam.spoke.route-string",
                "roam.spoke.admin-token", "roam.spoke.data-dir", "roam.kafka.bootstrap-servers", "roam.kafka.replication-factor");
        List<String> hubNeeds = List.of("roam.hub.id", "roam.hub.spokes", "roam.hub.instance-id",
                "roam.kafka.bootstrap-servers", "roam.kafka.replication-factor");
        List<String> missing = new ArrayList<>();
        for (Service service : all()) {
            AppSettings settings = deployment.settings(service);
            for (String property : service.role().equals(SPOKE) ? spokeNeeds : hubNeeds) {
                if (!settings.properties().containsKey(property)) {
                    missing.add(property + " is not declared in the " + service.role() + "'s application.yml");
                } else if (settings.fromEnvironment(property, service.environment()).isEmpty()) {
                    missing.add(service.name() + " does not set " + property);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void spokeServicesAreNamedAfterTheirClusterAndPublishTheApplicationsPort() {
        for (Service spoke : spokes) {
            assertThat(value(spoke, "roam.spoke.cluster-id")).as("cluster of service %s", spoke.name()).isEqualTo(spoke.name());
        }
        for (Service hub : hubs) {
            assertThat(hub.name()).as("hub service name").startsWith(value(hub, "roam.hub.id"));
        }
        for (Service service : all()) {
            assertThat(service.containerPorts()).as("container ports of %s", service.name())
                    .containsExactly(deployment.settings(service).serverPort(service.environment()));
        }
        List<String> hostPorts = new ArrayList<>();
        deployment.services().values().forEach(s -> s.path("ports").forEach(p -> hostPorts.add(p.asText().split(":")[0])));
        assertThat(hostPorts).as("published host ports").doesNotHaveDuplicates();
    }

    @Test
    void eachSpokeIsListedByEveryInstanceOfTheHubItNames() {
        for (Service spoke : spokes) {
            String cluster = value(spoke, "roam.spoke.cluster-id");
            List<Service> itsHub = hubs.stream().filter(h -> value(h, "roam.hub.id").equals(value(spoke, "roam.spoke.hub-id"))).toList();
            assertThat(itsHub).as("hub services of %s's hub %s", cluster, value(spoke, "roam.spoke.hub-id")).isNotEmpty();
            for (Service hub : itsHub) {
                assertThat(list(value(hub, "roam.hub.spokes"))).as("spokes of %s", hub.name()).contains(cluster);
            }
        }
        for (Service hub : hubs) {
            Set<String> attached = spokes.stream().filter(s -> value(s, "roam.spoke.hub-id").equals(value(hub, "roam.hub.id")))
                    .map(s -> value(s, "roam.spoke.cluster-id")).collect(Collectors.toSet());
            assertThat(list(value(hub, "roam.hub.spokes"))).as("spokes of %s", hub.name()).containsExactlyInAnyOrderElementsOf(attached);
        }
    }

    @Test
    void eachSpokeKeepsItsStoreOnAVolumeOfItsOwn() {
        Set<String> volumes = new HashSet<>();
        deployment.compose.path("volumes").fieldNames().forEachRemaining(volumes::add);
        List<String> used = new ArrayList<>();
        for (Service spoke : spokes) {
            String dataDir = value(spoke, "roam.spoke.data-dir");
            Map<String, String> byPath = new LinkedHashMap<>();
            spoke.mounts().forEach((source, path) -> byPath.put(path, source));
            assertThat(byPath).as("volumes of %s", spoke.name()).containsKey(dataDir);
            assertThat(volumes).as("named volumes").contains(byPath.get(dataDir));
            used.add(byPath.get(dataDir));
        }
        assertThat(used).doesNotHaveDuplicates();
    }

    @Test
    void theAdminTokenIsTheOperatorsNotTheDevelopmentDefault() {
        for (Service spoke : spokes) {
            assertThat(value(spoke, "roam.spoke.admin-token")).as("admin token of %s", spoke.name())
                    .startsWith("${ROAM_ADMIN_TOKEN:?");
        }
    }

    @Test
    void kafkaIsThreeBrokersThatAcknowledgeEveryWriteOnTwoReplicas() {
        Map<String, Map<String, String>> brokers = new LinkedHashMap<>();
        deployment.services().forEach((name, node) -> {
            if (node.path("image").asText().startsWith("apache/kafka:")) {
                brokers.put(name, Deployment.environment(node));
            }
        });
        assertThat(brokers).hasSize(3);
        List<String> voters = new ArrayList<>();
        List<String> advertised = new ArrayList<>();
        brokers.forEach((name, env) -> {
            assertThat(env).as("settings of %s", name)
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false")
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
            voters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":9093");
            advertised.add(env.get("KAFKA_ADVERTISED_LISTENERS").replace("PLAINTEXT://", ""));
        });
        assertThat(brokers.values()).extracting(env -> env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                .allSatisfy(v -> assertThat(list(v)).containsExactlyInAnyOrderElementsOf(voters));
        assertThat(brokers.values()).extracting(env -> env.get("CLUSTER_ID")).doesNotContainNull().containsOnly(
                brokers.values().iterator().next().get("CLUSTER_ID"));
        assertThat(brokers.values()).extracting(env -> env.get("KAFKA_NODE_ID")).doesNotHaveDuplicates();
        for (Service service : all()) {
            assertThat(list(value(service, "roam.kafka.bootstrap-servers"))).as("brokers of %s", service.name())
                    .containsExactlyInAnyOrderElementsOf(advertised);
            assertThat(value(service, "roam.kafka.replication-factor")).as("replication factor of %s's topics", service.name())
                    .isEqualTo("3");
        }
    }

    @Test
    void imagesAreBuiltByTheDockerfileFromTheModulesExecutableJars() {
        Map<String, List<String>> stages = dockerfileStages();
        String version = deployment.projectVersion();
        for (Service service : all()) {
            JsonNode build = service.node().path("build");
            assertThat(build.path("context").asText()).isEqualTo("..");
            assertThat(build.path("dockerfile").asText()).isEqualTo("docker/Dockerfile");
            assertThat(service.node().path("image").asText()).isEqualTo("roam/" + service.role() + ":" + version);
        }
        for (String role : List.of(SPOKE, HUB)) {
            List<String> stage = stages.get(role);
            assertThat(stage).as("stage %s of docker/Dockerfile", role).isNotNull();
            String pom = Deployment.read(deployment.root.resolve(role + "/pom.xml"));
            assertThat(pom).contains("<artifactId>" + role + "</artifactId>", "<classifier>exec</classifier>");
            int port = (role.equals(SPOKE) ? deployment.spokeSettings : deployment.hubSettings).serverPort(Map.of());
            assertThat(stage).anyMatch(l -> l.startsWith("COPY --from=build /src/" + role + "/target/" + role + "-" + version + "-exec.jar "))
                    .contains("EXPOSE " + port, "USER roam")
                    .anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("${SERVER_PORT:-" + port + "}/actuator/health"));
        }
        assertThat(stages.get("build")).anyMatch(l -> l.contains("mvn -B") && l.contains("package -pl spoke,hub -am"));
    }

    /** Instructions of each named stage, continuation lines joined. */
    private Map<String, List<String>> dockerfileStages() {
        String text = Deployment.read(deployment.docker.resolve("Dockerfile")).replaceAll("\\\\\\n\\s*", "");
        Map<String, List<String>> stages = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String[] words = line.split("\\s+");
            if (words[0].equals("FROM")) {
                current = new ArrayList<>();
                stages.put(words.length >= 4 && words[2].equalsIgnoreCase("AS") ? words[3] : words[1], current);
                // A stage built on another inherits its instructions.
                List<String> base = stages.get(words[1]);
                if (base != null) {
                    current.addAll(base);
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        return stages;
    }

    private List<Service> all() {
        List<Service> all = new ArrayList<>(spokes);
        all.addAll(hubs);
        return all;
    }

    private String value(Service service, String property) {
        return deployment.settings(service).fromEnvironment(property, service.environment())
                .orElseThrow(() -> new AssertionError(service.name() + " does not set " + property));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).toList();
    }
}
