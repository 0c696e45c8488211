package io.roam.spoke.eventstore;

import io.roam.spoke.SpokeCalls;
import io.roam.spoke.SpokeOnDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written before an event class moved still reads: its events are renamed once at start,
 * so the projections and the aggregates both find the class.
 */
class MovedEventTypesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SpokeOnDisk spoke = new SpokeOnDisk();

    @AfterEach
    void stopSpoke() {
        spoke.stop();
    }

    @Test
    void every_moved_event_type_names_a_class_that_exists() throws ClassNotFoundException {
        for (String to : FactStore.MOVED_EVENT_TYPES.values()) {
            assertThat(Class.forName(to)).isNotNull();
        }
    }

    @Test
    void a_plain_users_pin_recorded_under_its_earlier_class_name_still_logs_in_and_still_keeps() throws Exception {
        int port = spoke.start();
        assertThat(call(port, "PUT", "/api/v1/admin/users/carol", "{\"pin\":\"1234\",\"dns\":[\"4000001\"]}")).isEqualTo(200);
        assertThat(call(port, "PUT", "/api/v1/admin/devices/SEP-M1", "{\"emEnabled\":true}")).isEqualTo(200);
        spoke.stop();
        storedAsBeforeTheMove();

        port = spoke.start();

        assertThat(call(port, "POST", "/api/v1/em/login", "{\"device\":\"SEP-M1\",\"userId\":\"carol\",\"pin\":\"1234\"}"))
                .isEqualTo(200);
        assertThat(call(port, "PUT", "/api/v1/admin/users/carol", "{\"dns\":[\"4000001\",\"4000002\"]}")).isEqualTo(200);
        assertThat(storedTypes()).containsKey("io.roam.spoke.credentials.CredentialsRecorded")
                .doesNotContainKey("io.roam.spoke.provisioning.CredentialsRecorded");
    }

    private void storedAsBeforeTheMove() throws Exception {
        try (Connection db = store()) {
            for (Map.Entry<String, String> moved : FactStore.MOVED_EVENT_TYPES.entrySet()) {
                try (var rename = db.prepareStatement("UPDATE domain_event_entry SET payload_type = ? WHERE payload_type = ?")) {
                    rename.setString(1, moved.getKey());
                    rename.setString(2, moved.getValue());
                    assertThat(rename.executeUpdate()).isPositive();
                }
            }
            db.createStatement().executeUpdate("DELETE FROM renamed_event_type");
        }
    }

    private Map<String, Integer> storedTypes() throws Exception {
        spoke.stop();
        Map<String, Integer> types = new HashMap<>();
        try (Connection db = store();
             ResultSet rows = db.createStatement().executeQuery(
                     "SELECT payload_type, COUNT(*) FROM domain_event_entry GROUP BY payload_type")) {
            while (rows.next()) {
                types.put(rows.getString(1), rows.getInt(2));
            }
        }
        return types;
    }

    private Connection store() throws Exception {
        return DriverManager.getConnection(spoke.storeUrl(), "sa", "");
    }

    private static int call(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", SpokeCalls.ADMIN)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
