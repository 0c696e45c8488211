package io.roam.scenarios.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one application reads, from its {@code application.yml}: every property it declares and
 * every environment placeholder ({@code ${ROAM_CLUSTER_ID:cluster-1}}) in their values. An
 * environment variable reaches a property either through such a placeholder or through Spring
 * Boot's relaxed binding of the property's own name ({@code roam.kafka.replication-factor} is
 * {@code ROAM_KAFKA_REPLICATIONFACTOR}, or in the legacy form {@code ROAM_KAFKA_REPLICATION_FACTOR}).
 * A setting a deployment uses must therefore be declared in application.yml, with its default.
 */
record AppSettings(Map<String, String> properties) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern LEADING_PLACEHOLDER = Pattern.compile("^" + PLACEHOLDER.pattern());

    static AppSettings read(Path applicationYml) {
        try {
            Map<String, String> properties = new TreeMap<>();
            flatten("", new YAMLMapper().readTree(Files.readString(applicationYml)), properties);
            return new AppSettings(properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else {
            into.put(prefix, node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString());
        }
    }

    /** The properties an environment variable sets in this application; empty if it sets none. */
    List<String> propertiesSetBy(String variable) {
        return properties.entrySet().stream()
                .filter(p -> relaxedNames(p.getKey()).contains(variable) || placeholders(p.getValue()).contains(variable))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The value the environment gives the property, by its relaxed name or by the placeholder it is declared with. */
    Optional<String> fromEnvironment(String property, Map<String, String> environment) {
        for (String name : relaxedNames(property)) {
            if (environment.containsKey(name)) {
                return Optional.of(environment.get(name));
            }
        }
        Matcher placeholder = LEADING_PLACEHOLDER.matcher(properties.getOrDefault(property, ""));
        return placeholder.lookingAt() ? Optional.ofNullable(environment.get(placeholder.group(1))) : Optional.empty();
    }

    int serverPort(Map<String, String> environment) {
        return Integer.parseInt(fromEnvironment("server.port", environment).orElseGet(() -> properties.get("server.port")));
    }

    /** Spring Boot's SystemEnvironmentPropertyMapper: canonical (dashes dropped) and legacy (dashes as underscores). */
    static List<String> relaxedNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return List.of(upper.replace("-", ""), upper.replace('-', '_'));
    }

    private static List<String> placeholders(String value) {
        return PLACEHOLDER.matcher(value).results().map(m -> m.group(1)).toList();
    }
}
