package io.roam.spoke.api;

/** A refusal with its EM code; thrown by aggregates and request handling alike. */
public class EmException extends RuntimeException {

    private final EmError error;

    public EmException(EmError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public EmError error() {
        return error;
    }
}
