package io.roam.events;

/** A sealed PIN hash this cluster cannot read: its key is not configured here, or the record was altered. */
public final class UnopenablePin extends Exception {

    public enum Reason {
        /** The record names a key id this cluster was not given. */
        UNKNOWN_KEY,
        /** The key is known but the tag does not verify: tampered, truncated, or sealed for another user. */
        REFUSED
    }

    private final Reason reason;
    private final String keyId;

    public UnopenablePin(Reason reason, String keyId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.keyId = keyId;
    }

    public Reason reason() {
        return reason;
    }

    public String keyId() {
        return keyId;
    }
}
