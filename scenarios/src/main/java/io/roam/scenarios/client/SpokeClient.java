package io.roam.scenarios.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The HTTP API of one spoke (docs/api.md), answers as {@link ApiResponse} so callers can check error codes. */
public final class SpokeClient {

    public static final String DEFAULT_ADMIN_TOKEN = "dev-admin-token";

    private final JsonHttp http;

    public SpokeClient(String baseUrl) {
        this(baseUrl, DEFAULT_ADMIN_TOKEN, Duration.ofSeconds(10));
    }

    public SpokeClient(String baseUrl, String adminToken, Duration timeout) {
        this.http = new JsonHttp(baseUrl, Optional.of(adminToken), timeout);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** Defines the user with this spoke as home cluster. */
    public ApiResponse provisionUser(String userId, String pin, List<String> dns, boolean superuser) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pin", pin);
        body.put("dns", dns);
        body.put("superuser", superuser);
        return http.put("/api/v1/admin/users/" + encode(userId), body);
    }

    public ApiResponse configureDevice(String device, boolean emEnabled) {
        return http.put("/api/v1/admin/devices/" + encode(device), Map.of("emEnabled", emEnabled));
    }

    /** Defines a user with this spoke as home cluster, enabled for EMCC, and a superuser or not. */
    public ApiResponse provisionEmccUser(String userId, String pin, List<String> dns, boolean superuser) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pin", pin);
        body.put("dns", dns);
        body.put("superuser", superuser);
        body.put("emcc", true);
        return http.put("/api/v1/admin/users/" + encode(userId), body);
    }

    /** An EM-enabled phone that supports EMCC, standing in the city. */
    public ApiResponse configureEmccDevice(String device, String country, String city) {
        return http.put("/api/v1/admin/devices/" + encode(device), Map.of("emEnabled", true, "emccSupported", true,
                "geolocation", Map.of("country", country, "city", city)));
    }

    /** A login in the mode given: ROAMING or EMCC. */
    public ApiResponse login(String device, String userId, String pin, String mode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device", device);
        body.put("userId", userId);
        body.put("pin", pin);
        body.put("mode", mode);
        return http.post("/api/v1/em/login", body);
    }

    /** The emergency route of the caller with this DN. */
    public ApiResponse emergencyRoute(String dn) {
        return http.get("/api/v1/route?emergency=true&dn=" + encode(dn));
    }

    public ApiResponse login(String device, String userId, String pin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device", device);
        body.put("userId", userId);
        body.put("pin", pin);
        return http.post("/api/v1/em/login", body);
    }

    /** A login with a body as given, for requests that are meant to be refused (malformed JSON). */
    public ApiResponse loginRaw(String rawBody) {
        return http.send("POST", "/api/v1/em/login", rawBody);
    }

    public ApiResponse logout(String device) {
        return http.post("/api/v1/em/logout", Map.of("device", device));
    }

    public ApiResponse device(String device) {
        return http.get("/api/v1/devices/" + encode(device));
    }

    public ApiResponse dn(String dn) {
        return http.get("/api/v1/directory/dn/" + encode(dn));
    }

    /** {@code {"results":[…]}}: one answer per DN, in order, {@code "state":"UNKNOWN"} for a DN it does not know. */
    public ApiResponse lookup(List<String> dns) {
        return http.post("/api/v1/directory/lookup", Map.of("dns", dns));
    }

    public ApiResponse route(String dn) {
        return http.get("/api/v1/route?dn=" + encode(dn));
    }

    /** The clusters this spoke knows from their announcements, each with its route string. */
    public ApiResponse clusters() {
        return http.get("/api/v1/clusters");
    }

    public ApiResponse replication() {
        return http.get("/api/v1/replication");
    }

    /** Per origin, the facts stored against the sequence reached: {@code "exactlyOnce"} (admin). */
    public ApiResponse audit() {
        return http.get("/api/v1/admin/replication/audit");
    }

    public ApiResponse health() {
        return http.get("/actuator/health");
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
