package io.roam.spoke.replication;

import io.roam.spoke.LocalCluster;
import io.roam.spoke.SpokeProperties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads this spoke's hub's feed from the offset the store recorded and hands each batch to the
 * {@link InboundApplier}. Any failure closes the consumer and resumes from the stored position a
 * second later: the store, not the consumer, knows what was applied. The hub creates its feed;
 * until it has, the spoke waits.
 *
 * <p>A stored position the feed no longer has is never skipped over: the feed was deleted and
 * created again (its id changed), or its records before or at the position are gone (retention,
 * deleted records). Either way records this spoke never read may be lost from it. So it notes
 * the feed's committed end, reads every other spoke's outbound topic, which keeps the whole
 * history, and then the feed from the noted end; the applier drops by sequence what it had
 * already. A spoke with full sync on and no position at all does the same: its store predates
 * the feed, it moved to another hub, or its full sync found no broker.
 *
 * <p>Nothing at an earlier phase may depend on this bean: Spring starts a lifecycle bean's
 * dependencies first, whatever their phase, and this one must start after Axon's processors.
 */
@Component
public class InboundConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundConsumer.class);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final InboundApplier applier;
    private final KafkaSettings kafka;
    private final InboundStore inboundStore;
    private final FullSync fullSync;
    private final Duration catchUpTimeout;
    private final boolean fullSyncOn;
    private final String cluster;
    private final TopicPartition input;
    private final int batchSize;
    private final WorkerThread worker = new WorkerThread("inbound-applier", this::run);
    private volatile boolean connected;
    private volatile boolean caughtUp;
    private volatile boolean waitingForFeed;

    public InboundConsumer(InboundApplier applier, KafkaSettings kafka, InboundStore inboundStore, FullSync fullSync,
                           LocalCluster cluster, SpokeProperties properties) {
        this.applier = applier;
        this.kafka = kafka;
        this.inboundStore = inboundStore;
        this.fullSync = fullSync;
        this.fullSyncOn = !properties.replication().fullSyncTimeout().isZero();
        this.catchUpTimeout = fullSyncOn ? properties.replication().fullSyncTimeout() : Duration.ofSeconds(60);
        this.cluster = cluster.id();
        this.input = applier.input();
        this.batchSize = properties.replication().applierBatchSize();
    }

    @Override
    public void start() {
        worker.start();
    }

    @Override
    public void stop() {
        // Without a broker nothing is in flight: no reason to sit out its connect attempt.
        worker.stop(Duration.ofMillis(connected ? 5000 : 1));
    }

    @Override
    public boolean isRunning() {
        return !worker.stopping();
    }

    /**
     * After Axon's event processors subscribe (their phase is {@link Phase#INBOUND_EVENT_CONNECTORS}):
     * a fact applied before the projection feed listens would be stored but never reach the directory.
     */
    @Override
    public int getPhase() {
        return Phase.INBOUND_EVENT_CONNECTORS + 1;
    }

    public boolean connected() {
        return connected;
    }

    /** The hub's feed this spoke reads. */
    public String feed() {
        return input.topic();
    }

    /** The hub has not created its feed yet. */
    public boolean waitingForFeed() {
        return waitingForFeed;
    }

    /** Has read to the end of its input at least once since start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        KafkaConsumer<String, byte[]> consumer = null;
        applier.retryParked();
        while (!worker.stopping()) {
            try {
                if (consumer == null) {
                    Optional<String> topicId = TopicSetup.idOf(kafka, input.topic());
                    if (topicId.isEmpty()) {
                        waitForFeed();
                        continue;
                    }
                    waitingForFeed = false;
                    consumer = newConsumer();
                    seekToStoredPosition(consumer, topicId.get());
                }
                applier.serveReplayRequests();
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                connected = true;
                if (!records.isEmpty()) {
                    applier.applyPolled(records.records(input));
                }
                if (!caughtUp) {
                    Long end = consumer.endOffsets(List.of(input), Duration.ofSeconds(5)).get(input);
                    caughtUp = end != null && consumer.position(input) >= end;
                }
            } catch (RuntimeException e) {
                connected = false;
                log.warn("applying {} failed, resuming from the stored position: {}", input.topic(), e.toString());
                applier.forgetHeld();
                if (consumer != null) {
                    consumer.close(Duration.ZERO);
                    consumer = null;
                }
                worker.pause(PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void seekToStoredPosition(KafkaConsumer<String, byte[]> consumer, String topicId) {
        consumer.assign(List.of(input));
        InboundStore.InputPosition stored = inboundStore.inputPosition(input.topic(), input.partition()).orElse(null);
        String why;
        if (stored == null) {
            if (!fullSyncOn) {
                consumer.seekToBeginning(List.of(input));
                inboundStore.startInput(input.topic(), input.partition(), new InboundStore.InputPosition(0, topicId));
                return;
            }
            why = "no position stored (the store predates the feed, the spoke moved to this hub, or its full sync found no broker)";
        } else {
            long first = consumer.beginningOffsets(List.of(input)).get(input);
            long end = consumer.endOffsets(List.of(input)).get(input);
            String lost = lostPosition(stored, topicId, first, end);
            if (lost == null) {
                consumer.seek(input, stored.nextOffset());
                if (stored.topicId() == null) {
                    inboundStore.startInput(input.topic(), input.partition(), new InboundStore.InputPosition(stored.nextOffset(), topicId));
                }
                return;
            }
            why = "the stored position " + stored.nextOffset() + " is lost (" + lost + ")";
        }
        log.warn("{}: {}; reading every other spoke's outbound topic, then {} from its committed end before that",
                input.topic(), why, input.topic());
        applier.forgetHeld();
        long from = fullSync.catchUpWithOthers(catchUpTimeout, applier::applyRestored)
                .orElseThrow(() -> new IllegalStateException(input.topic() + " was deleted while catching up"));
        consumer.seek(input, from);
        inboundStore.startInput(input.topic(), input.partition(), new InboundStore.InputPosition(from, topicId));
    }

    /** Why the stored position is not one in this topic any more, or null if it is. */
    private static String lostPosition(InboundStore.InputPosition stored, String topicId, long first, long end) {
        if (stored.topicId() != null && !stored.topicId().equals(topicId)) {
            return "the topic was deleted and created again: its id was " + stored.topicId() + ", now " + topicId;
        }
        if (stored.nextOffset() < first) {
            return "the topic's records before offset " + first + " are gone";
        }
        if (stored.nextOffset() > end) {
            return "the topic ends at offset " + end + ": it was deleted and created again, or truncated";
        }
        return null;
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> props = kafka.common();
        props.put("enable.auto.commit", false);
        props.put("isolation.level", "read_committed");
        // a position that falls out of the topic while reading fails the poll, and the next start finds out why
        props.put("auto.offset.reset", "none");
        props.put("max.poll.records", batchSize);
        props.put("fetch.max.wait.ms", 50);
        // bounds position(), endOffsets() and close(): a dead broker must not freeze the applier
        props.put("default.api.timeout.ms", 10000);
        props.put("request.timeout.ms", 10000);
        props.put("client.id", "spoke-" + cluster + "-applier");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void waitForFeed() {
        if (!waitingForFeed) {
            log.info("waiting for {}, which its hub creates", input.topic());
            waitingForFeed = true;
        }
        worker.pause(PAUSE);
    }
}
