package io.roam.scenarios.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.roam.scenarios.topology.RoamHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The files of {@code docker/} and the sources they must agree with, read once per test class. */
final class Deployment {

    private static final Pattern VERSION = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL);

    final Path root = RoamHome.locate().root();
    final Path docker = root.resolve("docker");
    final JsonNode compose = yaml(docker.resolve("compose.yml"));
    final AppSettings spokeSettings = AppSettings.read(root.resolve("spoke/src/main/resources/application.yml"));
    final AppSettings hubSettings = AppSettings.read(root.resolve("hub/src/main/resources/application.yml"));

    /** A compose service that runs one of our applications, with its environment as compose gives it. */
    record Service(String name, String role, JsonNode node, Map<String, String> environment) {

        /** Container ports of the service's published ports ("8081:8081", "127.0.0.1:8081:8081/tcp"). */
        List<Integer> containerPorts() {
            List<Integer> ports = new ArrayList<>();
            node.path("ports").forEach(p -> {
                String spec = p.isObject() ? p.path("target").asText() : p.asText();
                String container = spec.substring(spec.lastIndexOf(':') + 1).replaceAll("/.*", "");
                ports.add(Integer.parseInt(container));
            });
            return ports;
        }

        Map<String, String> mounts() {
            return Deployment.mounts(node);
        }
    }

    /** Every service, whatever it runs, by name. */
    Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    /** The services built from docker/Dockerfile with the given target: "spoke" or "hub". */
    List<Service> services(String role) {
        return services().entrySet().stream()
                .filter(e -> role.equals(e.getValue().path("build").path("target").asText()))
                .map(e -> new Service(e.getKey(), role, e.getValue(), environment(e.getValue())))
                .toList();
    }

    AppSettings settings(Service service) {
        return service.role().equals("spoke") ? spokeSettings : hubSettings;
    }

    /** Container paths of a service's volumes, by source (named volume or bind path). */
    static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        service.path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            mounts.put(parts[0], parts[1]);
        });
        return mounts;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode env = service.path("environment");
        if (env.isArray()) {
            env.forEach(entry -> {
                String[] kv = entry.asText().split("=", 2);
                environment.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            env.properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
        }
        return environment;
    }

    /** The project version, as the module poms inherit it: part of the image tags and jar names. */
    String projectVersion() {
        var matcher = VERSION.matcher(read(root.resolve("spoke/pom.xml")));
        if (!matcher.find()) {
            throw new IllegalStateException("no parent version in spoke/pom.xml");
        }
        return matcher.group(1);
    }

    SourceMeters meters() {
        return SourceMeters.of(root.resolve("spoke/src/main/java"), root.resolve("hub/src/main/java"));
    }

    static JsonNode yaml(Path file) {
        try {
            return new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
