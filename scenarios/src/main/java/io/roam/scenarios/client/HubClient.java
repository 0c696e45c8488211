package io.roam.scenarios.client;

import java.time.Duration;
import java.util.Optional;

/** The HTTP API of one hub instance. */
public final class HubClient {

    private final JsonHttp http;

    public HubClient(String baseUrl) {
        this.http = new JsonHttp(baseUrl, Optional.empty(), Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** {@code {"hubId","spokes","peers","relayed","backlog","deadLettered"}} */
    public ApiResponse status() {
        return http.get("/api/v1/hub");
    }

    public ApiResponse health() {
        return http.get("/actuator/health");
    }
}
