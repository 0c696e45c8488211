package io.roam.hub.relay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's meters, in base units: roam_hub_relayed_records_total, roam_hub_dead_letters_total
 * (by reason), roam_hub_relay_lag_seconds, roam_hub_backlog_records (by input topic, a bounded
 * set: spokes and peer hubs) and roam_hub_active. The counters also feed the status API.
 */
public final class RelayMetrics {

    private final MeterRegistry registry;
    private final RelayStatusBoard board;
    private final AtomicLong relayed = new AtomicLong();
    private final Map<DeadLetterReason, AtomicLong> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Timer relayLag;
    private final Set<String> backlogTopics = ConcurrentHashMap.newKeySet();

    public RelayMetrics(MeterRegistry registry, RelayStatusBoard board) {
        this.registry = registry;
        this.board = board;
        FunctionCounter.builder("roam.hub.relayed.records", relayed, AtomicLong::get)
                .description("Input records relayed to all their destinations")
                .register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            AtomicLong count = new AtomicLong();
            deadLetters.put(reason, count);
            FunctionCounter.builder("roam.hub.dead.letters", count, AtomicLong::get)
                    .description("Input records refused and written to the dead-letter topic")
                    .tag("reason", reason.name())
                    .register(registry);
        }
        relayLag = Timer.builder("roam.hub.relay.lag")
                .description("From an input record's timestamp until its copies were acknowledged (or their transaction committed)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        Gauge.builder("roam.hub.active", board, status -> status.current().active() ? 1 : 0)
                .description("1 while this instance holds the hub's input partitions, 0 while it stands by")
                .register(registry);
    }

    public long relayed() {
        return relayed.get();
    }

    public long deadLettered() {
        return deadLetters.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Called once a batch's copies are acknowledged or committed: only such work counts. */
    void committed(Collection<Long> relayedTimestamps, Collection<DeadLetterReason> deadLettered, long committedAtMillis) {
        relayed.addAndGet(relayedTimestamps.size());
        for (long timestamp : relayedTimestamps) {
            relayLag.record(Math.max(0, committedAtMillis - timestamp), TimeUnit.MILLISECONDS);
        }
        deadLettered.forEach(reason -> deadLetters.get(reason).incrementAndGet());
    }

    /** Input topics come and go with peers: a gauge is registered the first time a topic is seen. */
    void trackBacklogOf(Collection<String> topics) {
        for (String topic : topics) {
            if (backlogTopics.add(topic)) {
                Gauge.builder("roam.hub.backlog.records", board, status -> status.current().backlog().getOrDefault(topic, 0L))
                        .description("Input records not yet relayed")
                        .tag("topic", topic)
                        .register(registry);
            }
        }
    }
}
