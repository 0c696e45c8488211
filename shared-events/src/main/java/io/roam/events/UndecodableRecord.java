package io.roam.events;

/**
 * A record that cannot be turned into an {@link Envelope}. Receivers dead-letter it with
 * {@link #reason()}, except {@link Reason#NEWER_SCHEMA}, which they park until upgraded.
 */
public final class UndecodableRecord extends Exception {

    public enum Reason { MALFORMED, UNKNOWN_TYPE, NEWER_SCHEMA, OVERSIZED }

    private final Reason reason;

    public UndecodableRecord(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public UndecodableRecord(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
