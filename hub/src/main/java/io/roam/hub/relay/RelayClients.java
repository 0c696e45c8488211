package io.roam.hub.relay;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/** The Kafka side of the relay, kept behind an interface so the loop can be exercised without a broker. */
public interface RelayClients {

    /** Creates the hub's topics if missing. */
    void ensureTopics();

    /** Reads the input topics: read_committed, no auto commit, in the hub's group. */
    Consumer<byte[], byte[]> inputConsumer();

    /** The transactional producer of this instance; initTransactions is left to the caller. */
    Producer<byte[], byte[]> producer();

    /** A group-less read_committed consumer, for reading the membership changelog back. */
    Consumer<byte[], byte[]> changelogConsumer();
}
