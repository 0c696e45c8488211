package io.roam.scenarios.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.deploy.Deployment.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docker/prometheus and docker/grafana against compose.yml and the sources: every target is a
 * service on its application's port, and every series an alert or a panel reads is one the spoke
 * or the hub exports (names derived from their Micrometer registrations by {@link SourceMeters}).
 */
class MonitoringConfigTest {

    /** Series Prometheus itself gives every target. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private final Deployment deployment = new Deployment();
    private final JsonNode prometheus = Deployment.yaml(deployment.docker.resolve("prometheus/prometheus.yml"));
    private final JsonNode alerts = Deployment.yaml(deployment.docker.resolve("prometheus/alerts.yml"));
    private final SourceMeters meters = deployment.meters();

    @Test
    void seriesNamesDerivedFromTheSourcesIncludeThoseOperatorsAlertOn() {
        assertThat(meters.unreadable()).as("meter registrations SourceMeters cannot read").isEmpty();
        assertThat(meters.series()).contains(
                "roam_replication_lag_seconds_bucket", "roam_events_applied_total", "roam_origin_last_heard_age_seconds",
                "roam_origin_clock_offset_seconds", "roam_origin_stale", "roam_origin_gap_wait_seconds", "roam_pending_logouts",
                "roam_pending_logout_oldest_age_seconds", "roam_outbox_unpublished_events", "roam_outbox_oldest_unpublished_age_seconds", "roam_dead_letters",
                "roam_parked_events", "roam_events_duplicates_total", "roam_directory_dns",
                "roam_hub_relayed_records_total", "roam_hub_dead_letters_total", "roam_hub_backlog_records",
                "roam_hub_relay_lag_seconds_bucket", "roam_hub_active");
    }

    @Test
    void scrapeTargetsAreTheSpokeAndHubServicesOnTheirApplicationsPort() {
        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        prometheus.path("scrape_configs").forEach(job -> jobs.put(job.path("job_name").asText(), job));
        assertThat(jobs).containsOnlyKeys("spokes", "hubs");
        assertThat(targets(jobs.get("spokes"))).containsExactlyInAnyOrderElementsOf(addresses(deployment.services("spoke")));
        assertThat(targets(jobs.get("hubs"))).containsExactlyInAnyOrderElementsOf(addresses(deployment.services("hub")));
        for (JsonNode job : jobs.values()) {
            assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
        }
        for (AppSettings app : List.of(deployment.spokeSettings, deployment.hubSettings)) {
            assertThat(app.properties().get("management.endpoints.web.exposure.include").split(","))
                    .as("actuator endpoints exposed").contains("prometheus", "health");
        }
        // The hub label of `up` must be the hub its instances report in their own meters.
        for (Service hub : deployment.services("hub")) {
            String expected = deployment.hubSettings.fromEnvironment("roam.hub.id", hub.environment()).orElseThrow();
            jobs.get("hubs").path("static_configs").forEach(group -> {
                if (textValues(group.path("targets")).contains(address(hub))) {
                    assertThat(group.path("labels").path("hub").asText()).as("hub label of %s", hub.name()).isEqualTo(expected);
                }
            });
        }
        assertThat(deployment.hubSettings.properties()).containsEntry("management.metrics.tags.hub", "${roam.hub.id}");
    }

    @Test
    void prometheusAndGrafanaReadTheFilesOfThisDirectory() {
        Map<String, String> prometheusMounts = mounts("prometheus");
        assertThat(prometheusMounts).containsEntry("./prometheus", "/etc/prometheus");
        assertThat(deployment.services().get("prometheus").path("command").toString())
                .contains("--config.file=/etc/prometheus/prometheus.yml");
        for (String ruleFile : textValues(prometheus.path("rule_files"))) {
            assertThat(ruleFile).startsWith("/etc/prometheus/");
            assertThat(deployment.docker.resolve("prometheus").resolve(ruleFile.substring("/etc/prometheus/".length())))
                    .as("rule file %s", ruleFile).isRegularFile();
        }

        Map<String, String> grafanaMounts = mounts("grafana");
        assertThat(grafanaMounts).containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");
        JsonNode provider = Deployment.yaml(deployment.docker.resolve("grafana/provisioning/dashboards/roam.yml")).path("providers").get(0);
        assertThat(grafanaMounts).containsEntry("./grafana/dashboards", provider.path("options").path("path").asText());
        JsonNode datasource = Deployment.yaml(deployment.docker.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(deployment.services().get("prometheus").path("ports").get(0).asText()).endsWith(":9090");
        for (JsonNode panel : dashboard().path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of panel %s", panel.path("title"))
                    .isEqualTo(datasource.path("uid").asText());
        }
    }

    @Test
    void alertsWatchLagDeferredLogoutsHubFailOverAndDeadLetters() {
        Map<String, String> rules = new LinkedHashMap<>();
        alerts.path("groups").forEach(group -> group.path("rules").forEach(rule ->
                rules.put(rule.path("alert").asText(), rule.path("expr").asText())));
        assertThat(rules.get("ReplicationLagHigh")).contains("histogram_quantile(0.99", "roam_replication_lag_seconds_bucket").endsWith("> 1");
        assertThat(rules.get("DeferredLogoutOld")).contains("roam_pending_logout_oldest_age_seconds").endsWith("> 300");
        assertThat(rules.get("HubNoActiveInstance")).contains("sum by (hub) (roam_hub_active) == 0");
        assertThat(rules.get("HubDeadLettersRising")).contains("increase(roam_hub_dead_letters_total");
        assertThat(rules.get("SpokeDeadLettersRising")).contains("roam_dead_letters");
        Map<String, Set<String>> unknown = new TreeMap<>();
        rules.forEach((name, expr) -> unknown.put(name, unknownSeries(expr)));
        assertThat(unknown).as("series each alert reads that no application exports").allSatisfy((name, series) ->
                assertThat(series).as(name).isEmpty());
    }

    @Test
    void grafanaPanelsReadOnlyExportedSeries() {
        List<String> exprs = new ArrayList<>();
        dashboard().path("panels").forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(5);
        Set<String> used = new TreeSet<>();
        exprs.forEach(e -> used.addAll(PromQl.metricNames(e)));
        assertThat(used).contains("roam_replication_lag_seconds_bucket", "roam_pending_logouts", "roam_hub_dead_letters_total",
                "roam_hub_active", "roam_hub_relayed_records_total");
        assertThat(exprs).as("panel queries").allSatisfy(expr ->
                assertThat(unknownSeries(expr)).as("series of %s that no application exports", expr).isEmpty());
    }

    @Test
    void promQlReaderFindsMetricNamesAndNothingElse() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.99, sum by (cluster, le) (rate(roam_x_bucket{origin=\"a b\"}[1m]))) > 1 or up == 0"))
                .containsExactly("roam_x_bucket", "up");
        assertThat(PromQl.metricNames("delta(roam_dead_letters[5m]) > 0 unless on (cluster) roam_y offset 5m"))
                .containsExactly("roam_dead_letters", "roam_y");
    }

    private Set<String> unknownSeries(String expr) {
        Set<String> unknown = new TreeSet<>(PromQl.metricNames(expr));
        unknown.removeAll(meters.series());
        unknown.removeAll(SCRAPE_SERIES);
        return unknown;
    }

    private JsonNode dashboard() {
        Path file = deployment.docker.resolve("grafana/dashboards/roam.json");
        assertThat(Files.isRegularFile(file)).isTrue();
        return Deployment.json(file);
    }

    private Map<String, String> mounts(String service) {
        return Deployment.mounts(deployment.services().get(service));
    }

    private static List<String> targets(JsonNode job) {
        List<String> targets = new ArrayList<>();
        job.path("static_configs").forEach(group -> targets.addAll(textValues(group.path("targets"))));
        return targets;
    }

    private List<String> addresses(List<Service> services) {
        return services.stream().map(this::address).toList();
    }

    private String address(Service service) {
        return service.name() + ":" + deployment.settings(service).serverPort(service.environment());
    }

    private static List<String> textValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
