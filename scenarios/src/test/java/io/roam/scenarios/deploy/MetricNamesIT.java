package io.roam.scenarios.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roam.scenarios.it.SharedTopology;
import io.roam.scenarios.topology.RunningTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The series names {@link SourceMeters} derives from the sources, which the alert rules and the
 * Grafana dashboard are checked against, are exactly those a running spoke and hub export.
 */
@ExtendWith(SharedTopology.class)
class MetricNamesIT {

    private static final Pattern SERIES = Pattern.compile("^(roam_[a-zA-Z0-9_]+)", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void seriesDerivedFromTheSourcesAreThoseASpokeAndAHubExport(RunningTopology topology) {
        Set<String> derived = new Deployment().meters().series();

        // Per-origin meters appear once the spoke has heard of the other clusters.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>(scrape(topology.spoke("cluster-1").baseUrl()));
            exported.addAll(scrape(topology.hub("hub-a").baseUrl()));
            assertThat(exported).containsExactlyInAnyOrderElementsOf(derived);
        });
    }

    private static Set<String> scrape(String baseUrl) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s/actuator/prometheus", baseUrl).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        Matcher series = SERIES.matcher(response.body());
        while (series.find()) {
            names.add(series.group(1));
        }
        return names;
    }
}
