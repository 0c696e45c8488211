package io.roam.hub;

import io.micrometer.core.instrument.MeterRegistry;
import io.roam.events.EventCodec;
import io.roam.hub.membership.Membership;
import io.roam.hub.relay.Delivery;
import io.roam.hub.relay.KafkaRelayClients;
import io.roam.hub.relay.RelayClients;
import io.roam.hub.relay.RelayLoop;
import io.roam.hub.relay.RelayMetrics;
import io.roam.hub.relay.RelayRouter;
import io.roam.hub.relay.RelayStatus;
import io.roam.hub.relay.RelayStatusBoard;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class HubConfiguration {

    @Bean
    HubIdentity hubIdentity(HubProperties properties, @Value("${server.port}") int serverPort) {
        return HubIdentity.from(properties, serverPort);
    }

    @Bean
    RelayRouter relayRouter(HubIdentity hub) {
        return new RelayRouter(hub.hubId(), hub.spokes(), new EventCodec());
    }

    @Bean
    RelayStatusBoard relayStatusBoard(HubIdentity hub) {
        return new RelayStatusBoard(RelayStatus.starting(Membership.of(hub.hubId(), hub.spokes()).clusters()));
    }

    @Bean
    RelayMetrics relayMetrics(MeterRegistry registry, RelayStatusBoard board) {
        return new RelayMetrics(registry, board);
    }

    @Bean
    Delivery delivery(@Value("${roam.hub.delivery:at-least-once}") String delivery) {
        return Delivery.parse(delivery);
    }

    @Bean
    RelayClients relayClients(HubIdentity hub, KafkaSettings kafka, Delivery delivery) {
        return new KafkaRelayClients(hub, kafka, delivery);
    }

    @Bean
    RelayLoop relayLoop(HubIdentity hub, KafkaSettings kafka, RelayClients clients, RelayRouter router,
                        RelayMetrics metrics, RelayStatusBoard board, Delivery delivery,
                        @Value("${roam.hub.heartbeat-interval:1s}") Duration heartbeatInterval) {
        return new RelayLoop(hub, kafka, clients, router, metrics, board, delivery, heartbeatInterval);
    }
}
