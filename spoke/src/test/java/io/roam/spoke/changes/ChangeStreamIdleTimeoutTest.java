package io.roam.spoke.changes;

import io.micrometer.core.instrument.MeterRegistry;
import io.roam.spoke.SpokeCalls;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A change stream whose router stops reading is closed once nothing could be written for the idle
 * timeout, and its slot is free again; a router that reads a quiet stream keeps it, because the
 * heartbeats come more often than the idle timeout. One slot only, so a held slot would show.
 * The spoke's socket send buffer is kept small here, so that a snapshot fills what the kernel buffers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
        "roam.spoke.changes.heartbeat=200ms", "roam.spoke.changes.idle-timeout=2s",
        "roam.spoke.changes.max-streams=1"})
@AutoConfigureMockMvc
class ChangeStreamIdleTimeoutTest {

    private static final int USERS = 10;
    private static final int DNS_PER_USER = 64;

    @TestConfiguration
    static class SmallSendBuffer {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffer() {
            return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("socket.txBufSize", "4096"));
        }
    }

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MockMvc http;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_router_that_stops_reading_loses_its_stream_and_the_slot_is_free_again() throws Exception {
        provisionManyDns();
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /api/v1/directory/changes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> openStreams() == 1);

            try (ChangeStreamClient refused = ChangeStreamClient.follow(port)) {
                assertThat(refused.status()).isEqualTo(503);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
            try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
                await().atMost(Duration.ofSeconds(10)).until(router::snapshotEnded);
                assertThat(router.named("snapshot")).hasSize(USERS * DNS_PER_USER);
            }
        }
    }

    @Test
    void a_router_reading_a_quiet_stream_keeps_it_past_the_idle_timeout() {
        await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
        try (ChangeStreamClient router = ChangeStreamClient.follow(port)) {
            await().atMost(Duration.ofSeconds(5)).until(router::snapshotEnded);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> openStreams() == 1);
            assertThat(router.heartbeats()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void an_idle_timeout_no_longer_than_the_heartbeat_is_refused() {
        assertThatThrownBy(() -> new ChangeFeedProperties(10, Duration.ofSeconds(15), Duration.ofSeconds(15), 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle-timeout");
    }

    private void provisionManyDns() throws Exception {
        SpokeCalls spoke = new SpokeCalls(http);
        for (int user = 0; user < USERS; user++) {
            int first = 4_000_000 + user * DNS_PER_USER;
            String dns = IntStream.range(first, first + DNS_PER_USER).mapToObj(dn -> "\"" + dn + "\"")
                    .collect(Collectors.joining(","));
            spoke.admin(put("/api/v1/admin/users/idle-" + user), "{\"pin\":\"1234\",\"dns\":[" + dns + "],\"superuser\":true}")
                    .andExpect(status().isOk());
        }
    }

    private double openStreams() {
        return meters.get("roam.changes.streams").gauge().value();
    }
}
