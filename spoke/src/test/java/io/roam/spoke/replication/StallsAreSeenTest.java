package io.roam.spoke.replication;

import io.micrometer.core.instrument.MeterRegistry;
import io.roam.events.ClusterHeartbeat;
import io.roam.events.HubHeartbeat;
import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.spoke.SpokeCalls;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stall shows although heartbeats keep its origin fresh: a gap in an origin's sequence, and an
 * own event the broker never acknowledges (there is no broker here), each become an age that
 * grows, and past {@code stall-after} a reason for the health to be DEGRADED.
 */
@SpringBootTest(properties = {
        "roam.spoke.cluster-id=cluster-1", "roam.spoke.hub-id=hub-a", "roam.spoke.em.pin-hash-cost=4",
        "roam.kafka.bootstrap-servers=127.0.0.1:1", "roam.spoke.replication.full-sync-timeout=0s",
        "roam.spoke.replication.stall-after=1s"})
@AutoConfigureMockMvc
class StallsAreSeenTest {

    @DynamicPropertySource
    static void freshStore(DynamicPropertyRegistry registry) {
        SpokeCalls.useFreshDataDir(registry);
    }

    /** No broker: the test thread is the applier's only caller, as the consumer's thread would be. */
    @MockitoBean
    InboundConsumer consumer;
    @Autowired
    InboundApplier applier;
    @Autowired
    OriginTracker origins;
    @Autowired
    ReplicationHealth health;
    @Autowired
    Publisher publisher;
    @Autowired
    EventCodec codec;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MockMvc http;

    private final AtomicLong offsets = new AtomicLong();

    @Test
    void a_gap_that_heartbeats_announce_is_waited_on_visibly_until_the_missing_event_arrives() {
        poll(event("cluster-2", 1, "u1"), event("cluster-2", 3, "u3"), heartbeat("cluster-2", 3));

        assertThat(status("cluster-2").behind()).isEqualTo(2);
        assertThat(status("cluster-2").waitingSince()).isNotNull();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(meters.get("roam.origin.gap.wait").tag("origin", "cluster-2").gauge().value()).isGreaterThan(1.0);
            assertThat(health.stall()).hasValueSatisfying(reason ->
                    assertThat(reason).contains("gap in the sequence of cluster-2"));
        });

        long heardBefore = status("cluster-2").lastHeardAt();
        poll(event("cluster-2", 2, "u2"), heartbeat("cluster-2", 3));

        assertThat(status("cluster-2").lastSeq()).isEqualTo(3);
        assertThat(status("cluster-2").lastHeardAt()).as("the heartbeat is heard").isGreaterThanOrEqualTo(heardBefore);
        assertThat(status("cluster-2").waitingSince()).isNull();
        assertThat(meters.get("roam.origin.gap.wait").tag("origin", "cluster-2").gauge().value()).isZero();
        assertThat(health.stall().filter(reason -> reason.contains("gap"))).isEmpty();
    }

    @Test
    void a_hubs_heartbeat_speaks_for_each_cluster_it_carries_and_never_for_this_one() {
        long sent = System.currentTimeMillis() - 700;
        poll(hubHeartbeat("hub-a", new HubHeartbeat.Beat("cluster-5", 2, sent, 3L, 600, Map.of()),
                new HubHeartbeat.Beat("cluster-1", 99, sent, 3L, 600, Map.of())));

        assertThat(status("cluster-5").behind()).as("it announced 2, none arrived yet").isEqualTo(2);
        assertThat(status("cluster-5").lastHeardAt()).isNotNull();
        assertThat(origins.statuses(List.of())).noneMatch(s -> s.origin().equals("cluster-1"));
    }

    @Test
    void a_heartbeat_of_another_hub_on_this_hubs_feed_is_dead_lettered() {
        long before = applier.deadLettered();

        poll(hubHeartbeat("hub-b", new HubHeartbeat.Beat("cluster-6", 1, System.currentTimeMillis(), 3L, 0, Map.of())));

        assertThat(applier.deadLettered()).isEqualTo(before + 1);
        assertThat(origins.statuses(List.of())).noneMatch(s -> s.origin().equals("cluster-6"));
    }

    @Test
    void a_backlog_being_applied_is_no_stall() {
        poll(heartbeat("cluster-4", 4), event("cluster-4", 1, "b1"));
        assertThat(status("cluster-4").waitingSince()).isNotNull();

        poll(event("cluster-4", 2, "b2"), event("cluster-4", 3, "b3"), event("cluster-4", 4, "b4"));

        assertThat(status("cluster-4").behind()).isZero();
        assertThat(status("cluster-4").waitingSince()).isNull();
    }

    @Test
    void an_own_event_the_broker_never_acknowledges_ages_past_the_limit() throws Exception {
        new SpokeCalls(http).provisionSuperuser("stuck", "1234", "3000009");

        assertThat(publisher.unpublished()).isPositive();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(meters.get("roam.outbox.oldest.unpublished.age").gauge().value()).isGreaterThan(1.0);
            assertThat(health.stall()).hasValueSatisfying(reason ->
                    assertThat(reason).contains("for the broker to acknowledge it"));
        });
    }

    private OriginTracker.OriginStatus status(String origin) {
        return origins.statuses(List.of()).stream().filter(s -> s.origin().equals(origin)).findFirst().orElseThrow();
    }

    private void poll(Envelope... envelopes) {
        applier.applyPolled(ForeignFacts.polled(codec, applier.input().topic(), offsets.getAndAdd(envelopes.length), envelopes));
    }

    private static Envelope event(String origin, long seq, String user) {
        String dn = "40" + origin.charAt(origin.length() - 1) + "000" + seq;
        return ForeignFacts.envelope(origin, seq, ForeignFacts.provisioned(user, origin, dn, seq));
    }

    private static Envelope hubHeartbeat(String hub, HubHeartbeat.Beat... beats) {
        return Envelope.heartbeat(new HubHeartbeat(hub, 3L, List.of(beats)));
    }

    private static Envelope heartbeat(String origin, long lastSequence) {
        return Envelope.heartbeat(new ClusterHeartbeat(origin, lastSequence, System.currentTimeMillis(), 1L, Map.of()));
    }
}
