package io.roam.scenarios.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;

/**
 * One answer of a spoke or hub: the HTTP status and the JSON body (a {@code MissingNode} when
 * there was none). Failed EM and admin calls carry {@code {"code","error","message"}}.
 */
public record ApiResponse(int status, JsonNode body) {

    public boolean isOk() {
        return status >= 200 && status < 300;
    }

    /** The EM error code of a failed call, empty for a success or a body without one. */
    public OptionalInt errorCode() {
        return !isOk() && body.path("code").isInt() ? OptionalInt.of(body.get("code").asInt()) : OptionalInt.empty();
    }

    /** A text field of the body, null when absent or JSON null. */
    public String text(String field) {
        JsonNode value = body.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** The body if the call succeeded, otherwise an exception naming the status and the error. */
    public JsonNode requireOk(String what) {
        if (!isOk()) {
            throw new IllegalStateException(what + " failed: HTTP " + status + " " + body);
        }
        return body;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + body;
    }
}
