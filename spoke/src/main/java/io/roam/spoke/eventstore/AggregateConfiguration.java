package io.roam.spoke.eventstore;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;

/** How aggregates are kept between commands: a bounded cache, and snapshots taken off the command's thread. */
@Configuration
public class AggregateConfiguration {

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
