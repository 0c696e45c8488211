package io.roam.spoke.api;

import java.time.Duration;

/** A refusal with its EM code; thrown by aggregates and request handling alike. */
public class EmException extends RuntimeException {

    private final EmError error;
    private final Duration retryAfter;

    public EmException(EmError error, String message) {
        this(error, message, null);
    }

    /** A refusal that says when to try again ({@code Retry-After}). */
    public EmException(EmError error, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public EmError error() {
        return error;
    }

    /** Null when the refusal does not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
