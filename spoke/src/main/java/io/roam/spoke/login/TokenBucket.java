package io.roam.spoke.login;

/** A token bucket: holds up to {@code burst} tokens, refilled at {@code ratePerSecond}; a call takes one. */
final class TokenBucket {

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes a token: 0 if there was one, else how many nanoseconds until there is. */
    synchronized long take(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - refilledAt) * tokensPerNano);
        refilledAt = Math.max(refilledAt, nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }
}
