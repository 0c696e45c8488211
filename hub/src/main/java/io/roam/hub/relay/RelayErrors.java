package io.roam.hub.relay;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Fatal versus retriable, as in Apache Kafka's ExactlyOnceMessageProcessor. Fatal means this
 * instance must stop: another process took its group instance id (a zombie, detected by static
 * group membership), the broker refuses it, or the log lost acknowledged writes. Everything else
 * (broker down, timeouts, a rebalance, a transaction the coordinator timed out) is retried.
 *
 * <p>A fenced producer is not fatal here, unlike in the example: the transactional id is this
 * instance's own, so the fence comes from the coordinator aborting a transaction that outlived
 * its timeout on an overloaded broker (a commit racing that abort is answered PRODUCER_FENCED,
 * KAFKA-20785), or from a replacement of this very instance, whose consumer then fences this one
 * for good. As in Kafka Streams, the fenced producer is replaced and the batch re-read.
 */
public final class RelayErrors {

    private RelayErrors() {
    }

    public static boolean isFatal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FencedInstanceIdException
                    || cause instanceof OutOfOrderSequenceException
                    || cause instanceof AuthorizationException
                    || cause instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }

    /** The producer can do nothing more, but a new one with the same transactional id can. */
    public static boolean isProducerFenced(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }
}
