package io.roam.spoke;

import io.roam.events.EventCodec;
import io.roam.events.HybridLogicalClock;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.eventstore.AggregateCache;
import io.roam.spoke.login.Device;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;

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

    /**
     * A device is read back from its latest snapshot and the events after it when it is not cached:
     * after a restart, or once the cache dropped it. Without snapshots a phone's login took longer
     * with every login it had ever had.
     */
    @Bean(Device.SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition deviceSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, Device.SNAPSHOT_AFTER_EVENTS);
    }

    /**
     * Snapshots are taken on a thread of their own: the unit of work that triggers one still holds
     * the change sequence's lock after its commit, and a snapshot needs a connection of its own.
     */
    @Bean
    Snapshotter snapshotter(org.axonframework.config.Configuration configuration, EventStore eventStore,
                            TransactionManager transactionManager, HandlerDefinition handlerDefinition,
                            ParameterResolverFactory parameterResolverFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .handlerDefinition(handlerDefinition)
                .parameterResolverFactory(parameterResolverFactory)
                .executor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    @Bean
    Cache aggregateCache(AggregateCache.Settings settings) {
        return new AggregateCache(settings);
    }
}
