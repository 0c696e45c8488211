package io.roam.spoke.api;

/** The body of every failed EM or admin call. */
public record ErrorBody(int code, String error, String message) {

    public static ErrorBody of(EmError error, String message) {
        return new ErrorBody(error.code(), error.quickDescription(), message);
    }
}
