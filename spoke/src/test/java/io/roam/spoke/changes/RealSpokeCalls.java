package io.roam.spoke.changes;

import io.roam.spoke.SpokeCalls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** EM and admin calls over a real socket, for tests that run several at once or restart the spoke. */
record RealSpokeCalls(int port) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    void login(String device, String userId) throws Exception {
        call("POST", "/api/v1/em/login", "{\"device\":\"" + device + "\",\"userId\":\"" + userId + "\",\"pin\":\"1234\"}");
    }

    void logout(String device) throws Exception {
        call("POST", "/api/v1/em/logout", "{\"device\":\"" + device + "\"}");
    }

    void provisionSuperuser(String userId, String dn) throws Exception {
        call("PUT", "/api/v1/admin/users/" + userId, "{\"pin\":\"1234\",\"dns\":[\"" + dn + "\"],\"superuser\":true}");
    }

    void enableDevice(String device) throws Exception {
        call("PUT", "/api/v1/admin/devices/" + device, "{\"emEnabled\":true}");
    }

    private void call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", SpokeCalls.ADMIN)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
    }
}
