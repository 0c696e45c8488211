package io.roam.hub.relay;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayErrorsTest {

    @Test
    void a_zombie_of_this_instance_a_refusing_broker_or_a_lost_write_stop_the_instance() {
        assertThat(RelayErrors.isFatal(new FencedInstanceIdException("another consumer took the group instance id"))).isTrue();
        assertThat(RelayErrors.isFatal(new OutOfOrderSequenceException("the broker lost acknowledged writes"))).isTrue();
        assertThat(RelayErrors.isFatal(new TransactionalIdAuthorizationException("denied"))).isTrue();
        assertThat(RelayErrors.isFatal(new AuthorizationException("denied"))).isTrue();
        assertThat(RelayErrors.isFatal(new UnsupportedVersionException("broker too old"))).isTrue();
    }

    @Test
    void a_fatal_error_wrapped_by_the_producer_is_still_fatal() {
        assertThat(RelayErrors.isFatal(new KafkaException("Cannot execute transactional method because we are in an error state",
                new OutOfOrderSequenceException("lost")))).isTrue();
    }

    @Test
    void a_fenced_producer_is_replaced_not_fatal() {
        KafkaException fenced = new KafkaException("Cannot execute transactional method because we are in an error state",
                new ProducerFencedException("the coordinator aborted a timed-out transaction"));
        assertThat(RelayErrors.isFatal(fenced)).isFalse();
        assertThat(RelayErrors.isProducerFenced(fenced)).isTrue();
        assertThat(RelayErrors.isProducerFenced(new TimeoutException("broker down"))).isFalse();
    }

    @Test
    void a_broker_that_is_down_slow_or_moving_leaders_is_retried() {
        assertThat(RelayErrors.isFatal(new TimeoutException("broker down"))).isFalse();
        assertThat(RelayErrors.isFatal(new NotLeaderOrFollowerException("leader moved"))).isFalse();
        assertThat(RelayErrors.isFatal(new TransactionAbortableException("abort and retry"))).isFalse();
        assertThat(RelayErrors.isFatal(new KafkaException("anything else"))).isFalse();
        assertThat(RelayErrors.isFatal(new IllegalStateException("a bug: logged, retried"))).isFalse();
    }

    @Test
    void a_transaction_the_coordinator_timed_out_is_aborted_and_retried_not_fatal() {
        // What a broker outage longer than the transaction timeout leaves behind (KIP-588).
        assertThat(RelayErrors.isFatal(new InvalidProducerEpochException("Producer attempted to produce with an old epoch"))).isFalse();
    }
}
