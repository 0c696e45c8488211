package io.roam.scenarios.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.ImportUpload;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.NodeStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roam import FILE --cluster C}: bulk provisioning of users or devices from a CSV file at one cluster. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports a CSV file of users or of devices at one cluster (POST /api/v1/admin/import, "
                + "docs/api.md, Bulk import): streams it with a progress bar on stderr, then prints what the spoke did "
                + "(rows, created, changed, unchanged, time, rows/s) or the rows it refused; a refused file stores nothing.",
                "Finds the cluster's spoke in the running `roam up`, or takes --spoke. Exits 0 only if the file was applied."})
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The CSV file: a header of users or devices columns, one row a line.")
    Path file;

    @Option(names = "--cluster", defaultValue = "cluster-1", paramLabel = "CLUSTER",
            description = "The cluster whose spoke imports, and so the users' home (default ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--spoke", paramLabel = "URL",
            description = "The spoke's base URL (http://host:port) instead of the running `roam up`'s spoke of --cluster.")
    String spokeUrl;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The spoke's admin token (default: $ROAM_ADMIN_TOKEN, "
            + "else the local topology's).")
    String token;

    @Mixin
    ControlOptions control;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
        String url = spokeUrl != null ? spokeUrl : spokeOfCluster();
        UploadProgress progress = new UploadProgress(err, Files.size(file));
        err.printf("importing %s at %s (%s)%n", file, cluster, url);
        ImportUpload.Answer answer = ImportUpload.send(url, adminToken(), file, progress);
        progress.finish(String.format("answered after %.1f s", answer.took().toMillis() / 1000.0));
        JsonNode body = answer.body();
        if (answer.isOk()) {
            double seconds = answer.took().toNanos() / 1e9;
            int rows = body.path("rows").asInt();
            out.printf("%s: %,d rows: %,d created, %,d changed, %,d unchanged in %.1f s (%,.0f rows/s; reading %d ms, "
                            + "PINs %d ms, applying %d ms)%n", body.path("kind").asText(), rows, body.path("created").asInt(),
                    body.path("changed").asInt(), body.path("unchanged").asInt(), seconds, rows / seconds,
                    body.path("readMs").asLong(), body.path("pinsMs").asLong(), body.path("applyMs").asLong());
            out.flush();
            return 0;
        }
        out.printf("refused (HTTP %d, code %s): %s%n", answer.status(), body.path("code").asText("?"),
                body.path("message").asText(body.toString()));
        for (JsonNode bad : body.path("badRows")) {
            out.printf("  line %d: %s%n", bad.path("line").asInt(), bad.path("reason").asText());
        }
        int unnamed = body.path("refused").asInt() - body.path("badRows").size();
        if (unnamed > 0) {
            out.printf("  … and %,d more bad rows%n", unnamed);
        }
        out.flush();
        return 1;
    }

    private String spokeOfCluster() {
        return control.client().topology().nodes().stream()
                .filter(node -> "spoke".equals(node.kind()) && node.name().equals(cluster))
                .map(NodeStatus::address).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the running `roam up` has no spoke " + cluster));
    }

    private String adminToken() {
        return Optional.ofNullable(token).or(() -> Optional.ofNullable(System.getenv("ROAM_ADMIN_TOKEN")))
                .filter(t -> !t.isBlank()).orElse(SpokeClient.DEFAULT_ADMIN_TOKEN);
    }
}
