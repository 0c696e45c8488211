package io.roam.spoke.api;

import java.io.IOException;

/** A request body read past its limit; {@link EmErrorHandler} answers it with 413. */
public final class BodyTooLarge extends IOException {

    public BodyTooLarge(long limit) {
        super("the request body is larger than " + limit + " bytes", null);
    }
}
