package io.roam.spoke.login;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private static final long T = 1_000_000_000_000L;

    @Test
    void a_full_bucket_serves_its_burst_then_says_how_long_until_the_next_token() {
        TokenBucket bucket = new TokenBucket(10, 3, T);

        for (int i = 0; i < 3; i++) {
            assertThat(bucket.take(T)).isZero();
        }

        assertThat(bucket.take(T)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void tokens_come_back_at_the_rate_up_to_the_burst() {
        TokenBucket bucket = new TokenBucket(10, 3, T);
        for (int i = 0; i < 3; i++) {
            bucket.take(T);
        }

        assertThat(bucket.take(T + TimeUnit.MILLISECONDS.toNanos(100))).isZero();
        assertThat(bucket.take(T + TimeUnit.MILLISECONDS.toNanos(100))).isPositive();

        long muchLater = T + TimeUnit.MINUTES.toNanos(1);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.take(muchLater)).isZero();
        }
        assertThat(bucket.take(muchLater)).isPositive();
    }

    @Test
    void a_clock_read_out_of_order_by_racing_threads_adds_no_tokens() {
        TokenBucket bucket = new TokenBucket(10, 1, T);
        bucket.take(T + 5);

        assertThat(bucket.take(T)).isPositive();
    }
}
