package io.roam.hub.relay;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Fatal versus retriable, as in Apache Kafka's ExactlyOnceMessageProcessor. Fatal means this
 * instance must stop: another process owns its transactional id or group instance id, the broker
 * refuses it, or the log lost acknowledged writes. Everything else (broker down, timeouts, a
 * rebalance, a transaction the coordinator timed out, which surfaces as
 * InvalidProducerEpochException and is aborted like any other) is retried.
 */
public final class RelayErrors {

    private RelayErrors() {
    }

    public static boolean isFatal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException
                    || cause instanceof FencedInstanceIdException
                    || cause instanceof OutOfOrderSequenceException
                    || cause instanceof AuthorizationException
                    || cause instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return false;
    }
}
