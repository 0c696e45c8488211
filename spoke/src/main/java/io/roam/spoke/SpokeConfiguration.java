package io.roam.spoke;

import io.roam.events.EventCodec;
import io.roam.events.HybridLogicalClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every package of the spoke shares: this cluster's identity, its clock and the wire codec. */
@Configuration
public class SpokeConfiguration {

    @Bean
    LocalCluster localCluster(SpokeProperties properties) {
        return new LocalCluster(properties.clusterId(), properties.hubId());
    }

    @Bean
    HybridLogicalClock hybridLogicalClock() {
        return HybridLogicalClock.systemClock();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
