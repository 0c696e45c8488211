package io.roam.spoke;

import io.roam.events.EventCodec;
import io.roam.events.HybridLogicalClock;
import io.roam.spoke.directory.RoamingDirectory;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    RoamingDirectory roamingDirectory(LocalCluster cluster) {
        return new RoamingDirectory(cluster.id());
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** Keeps hot aggregates in memory so a login does not re-read the device's history. */
    @Bean
    Cache aggregateCache() {
        return new WeakReferenceCache();
    }
}
