package io.roam.scenarios.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Streams a CSV file to a spoke's {@code POST /api/v1/admin/import}, telling how many bytes have
 * gone, and waits for the answer however long the spoke checks and applies the rows.
 */
public final class ImportUpload {

    public static final String PATH = "/api/v1/admin/import";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The spoke's answer, and the time from the first byte sent to the answer. */
    public record Answer(int status, JsonNode body, Duration took) {

        public boolean isOk() {
            return status == 200;
        }
    }

    private ImportUpload() {
    }

    /** {@code sent} is told the bytes sent so far, on the client's thread, as they go. */
    public static Answer send(String baseUrl, String adminToken, Path file, LongConsumer sent) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + PATH))
                .header("Content-Type", "text/csv; charset=utf-8")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> counted(file, sent)), size))
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + baseUrl + PATH + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing " + file, e);
        }
    }

    private static InputStream counted(Path file, LongConsumer sent) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long count;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        sent.accept(++count);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        count += n;
                        sent.accept(count);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JsonHttp.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JsonHttp.JSON.getNodeFactory().textNode(body);
        }
    }
}
