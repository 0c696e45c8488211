package io.roam.hub.relay;

import io.roam.events.TopicPolicy;
import io.roam.hub.membership.Membership;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Publishes what the relay thread is doing and what it sees (its state, the backlog per input
 * topic, its peers and members) to the status board and the backlog gauges: at once when the state
 * changes, otherwise about once a second. Apart from {@link RelayLoop}, as MirrorMaker 2 keeps its
 * offset syncs apart from its source task, so that the loop only relays. Confined to the relay thread.
 */
final class RelayStatusReporter {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final RelayStatusBoard board;
    private final RelayMetrics metrics;
    private final Supplier<Consumer<?, ?>> consumer;
    private final Supplier<Membership> membership;
    private RelayStatus.State state = RelayStatus.State.STARTING;
    private Instant since = Instant.now();
    private String lastError;
    private long nextAtNanos;

    /** {@code consumer} is the relay's input consumer, null while it has none. */
    RelayStatusReporter(RelayStatusBoard board, RelayMetrics metrics, Supplier<Consumer<?, ?>> consumer,
                        Supplier<Membership> membership) {
        this.board = board;
        this.metrics = metrics;
        this.consumer = consumer;
        this.membership = membership;
    }

    /** After a pass of the loop that went through. */
    void relaying() {
        if (state != RelayStatus.State.RUNNING) {
            enter(RelayStatus.State.RUNNING, null);
        } else if (System.nanoTime() - nextAtNanos >= 0) {
            publish();
        }
    }

    void retrying(Throwable failure) {
        enter(RelayStatus.State.RETRYING, failure.toString());
    }

    void failed(Throwable failure) {
        enter(RelayStatus.State.FAILED, failure.toString());
    }

    /** The thread is done: a failure stays visible, with its error. */
    void stopped() {
        enter(state == RelayStatus.State.FAILED ? RelayStatus.State.FAILED : RelayStatus.State.STOPPED, lastError);
    }

    /** Partitions moved: whether this instance is active, and its backlog, are news. */
    void publishSoon() {
        nextAtNanos = System.nanoTime();
    }

    private void enter(RelayStatus.State next, String error) {
        if (next != state) {
            state = next;
            since = Instant.now();
        }
        lastError = error;
        publish();
    }

    private void publish() {
        nextAtNanos = System.nanoTime() + INTERVAL.toNanos();
        Consumer<?, ?> input = consumer.get();
        Set<TopicPartition> assigned = input == null ? Set.of() : input.assignment();
        Map<String, Long> backlog = new TreeMap<>();
        for (TopicPartition partition : assigned) {
            // Without a network call: the lag the last fetch reported (none yet: left out).
            OptionalLong lag = input.currentLag(partition);
            if (lag.isPresent()) {
                backlog.merge(partition.topic(), lag.getAsLong(), Long::sum);
            }
        }
        Membership known = membership.get();
        SortedSet<String> peers = new TreeSet<>(known.peerHubs());
        if (input != null) {
            input.subscription().stream().map(TopicPolicy::hubOfMesh).flatMap(Optional::stream).forEach(peers::add);
        }
        board.publish(new RelayStatus(state, !assigned.isEmpty(), peers, known.clusters(), backlog, lastError, since));
        metrics.trackBacklogOf(backlog.keySet());
    }
}
