package io.roam.spoke.login;

import io.roam.events.Geolocation;
import io.roam.events.UserLoggedOut;
import io.roam.spoke.SpokeCalls;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A busy phone is read back from its snapshot, with the state its history gives it; old records still load. */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1",
        "roam.spoke.hub-id=hub-a",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s"})
class DeviceSnapshotTest {

    private static final String PHONE = "SEP00000000AB01";

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Cache aggregateCache;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer events;

    @Test
    void a_device_configured_before_geolocations_reads_back_without_one() {
        String stored = "{\"device\":\"SEP1\",\"cluster\":\"cluster-1\",\"emEnabled\":true,\"emccSupported\":true}";

        assertThat(read(stored.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new DeviceConfigured("SEP1", "cluster-1", true, true, Geolocation.NONE, null));
    }

    @Test
    void a_device_configured_with_a_geolocation_and_pool_reads_back_as_it_was() {
        DeviceConfigured configured = new DeviceConfigured("SEP2", "cluster-1", true, false,
                new Geolocation("DE", null, "Berlin", "10117", null, "3"), "DP-Berlin");

        assertThat(read(events.serialize(configured, byte[].class).getData())).isEqualTo(configured);
    }

    private DeviceConfigured read(byte[] json) {
        return events.deserialize(new SimpleSerializedObject<>(json, byte[].class, DeviceConfigured.class.getName(), null));
    }

    @Test
    void a_phone_with_many_logins_is_snapshotted_and_loads_from_the_snapshot_as_it_was() {
        commands.sendAndWait(new ConfigureDevice(PHONE, true, false, null, null));
        for (int i = 0; i < Device.SNAPSHOT_AFTER_EVENTS / 2; i++) {
            commands.sendAndWait(LogInUser.roaming(PHONE, UUID.randomUUID().toString(), "bob"));
            commands.sendAndWait(new LogOutUser(PHONE));
        }
        String loginId = UUID.randomUUID().toString();
        commands.sendAndWait(LogInUser.roaming(PHONE, loginId, "alice"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Integer.class, PHONE)).isEqualTo(1));

        aggregateCache.removeAll();

        assertThatThrownBy(() -> commands.sendAndWait(LogInUser.roaming(PHONE, UUID.randomUUID().toString(), "bob")))
                .isInstanceOfSatisfying(EmException.class, e -> assertThat(e.error()).isEqualTo(EmError.ANOTHER_USER_LOGGED_IN))
                .hasMessageContaining("alice");
        UserLoggedOut loggedOut = commands.sendAndWait(new LogOutUser(PHONE));
        assertThat(loggedOut.loginId()).isEqualTo(loginId);
    }
}
