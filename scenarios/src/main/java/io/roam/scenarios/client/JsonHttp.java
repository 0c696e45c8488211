package io.roam.scenarios.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;

/** JSON over HTTP/1.1 to one base URL; connection failures surface as {@link UncheckedIOException}. */
public final class JsonHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient SHARED = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String baseUrl;
    private final Optional<String> bearerToken;
    private final Duration timeout;

    public JsonHttp(String baseUrl, Optional<String> bearerToken, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.bearerToken = bearerToken;
        this.timeout = timeout;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ApiResponse get(String path) {
        return send("GET", path, null);
    }

    public ApiResponse put(String path, Object body) {
        return send("PUT", path, toJson(body));
    }

    public ApiResponse post(String path, Object body) {
        return send("POST", path, toJson(body));
    }

    /** Any method with a raw body (null for none), also for bodies that are deliberately not JSON. */
    public ApiResponse send(String method, String path, String rawBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, rawBody == null ? BodyPublishers.noBody() : BodyPublishers.ofString(rawBody));
        if (rawBody != null) {
            request.header("Content-Type", "application/json");
        }
        bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            var response = SHARED.send(request.build(), BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + baseUrl + path, e);
        }
    }

    static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body + " as JSON", e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Not ours to judge here: keep the text so the caller's message shows what came back.
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** Connection refused and timeouts have no message of their own. */
    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
