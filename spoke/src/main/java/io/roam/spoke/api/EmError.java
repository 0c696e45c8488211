package io.roam.spoke.api;

import org.springframework.http.HttpStatus;

/** Extension Mobility error codes (from the EM seeds) with the HTTP status of docs/api.md, Errors. */
public enum EmError {
    PARSING(1, "Error on parsing", HttpStatus.BAD_REQUEST),
    /** A request body over {@code roam.spoke.max-request-body}: the parsing error, with the status that says why. */
    BODY_TOO_LARGE(1, "Error on parsing", HttpStatus.PAYLOAD_TOO_LARGE),
    DATABASE(6, "Database error", HttpStatus.SERVICE_UNAVAILABLE),
    DEVICE_DOES_NOT_EXIST(11, "Device does not exist", HttpStatus.NOT_FOUND),
    ANOTHER_USER_LOGGED_IN(18, "Another user logged in", HttpStatus.CONFLICT),
    NO_USER_LOGGED_IN(19, "No user logged in", HttpStatus.CONFLICT),
    DEV_LOGON_DISABLED(22, "Dev logon disabled", HttpStatus.FORBIDDEN),
    USER_DOES_NOT_EXIST(23, "User does not exist", HttpStatus.NOT_FOUND),
    USER_LOGGED_IN_ELSEWHERE(25, "User logged in elsewhere", HttpStatus.CONFLICT),
    BUSY(26, "Busy, please try again", HttpStatus.SERVICE_UNAVAILABLE),
    UNTRUSTED_IP(28, "Untrusted IP Error", HttpStatus.FORBIDDEN),
    PROXY_NOT_ALLOWED(30, "Proxy not allowed", HttpStatus.FORBIDDEN),
    EMCC_NOT_ACTIVATED(31, "EMCC Not Activated for the user", HttpStatus.FORBIDDEN),
    DEVICE_DOES_NOT_SUPPORT_EMCC(32, "Device does not support EMCC", HttpStatus.FORBIDDEN),
    NO_FREE_EMCC_DUMMY_DEVICE(33, "No free EMCC dummy device", HttpStatus.CONFLICT),
    VISITING_CLUSTER_UNKNOWN(35, "Visiting Cluster Information is not present in Home Cluster", HttpStatus.FORBIDDEN),
    NO_REMOTE_CLUSTER(36, "No Remote Cluster", HttpStatus.FORBIDDEN),
    DUPLICATE_DEVICE_NAME(37, "Duplicate Device Name", HttpStatus.CONFLICT),
    EMCC_NOT_ALLOWED(38, "EMCC Not Allowed", HttpStatus.FORBIDDEN),
    NO_RESPONSE_FROM_REMOTE_HOST(40, "No Response from Remote Host", HttpStatus.SERVICE_UNAVAILABLE),
    /** 26 to one source over its limits: 429, so that a proxy does not take the spoke for down. */
    THROTTLED(26, "Busy, please try again", HttpStatus.TOO_MANY_REQUESTS),
    AUTHENTICATION(201, "Authentication error", HttpStatus.UNAUTHORIZED),
    BLANK_USERID_OR_PIN(202, "Blank userid or pin", HttpStatus.BAD_REQUEST),
    USER_PROFILE_ABSENT(205, "User profile absent", HttpStatus.NOT_FOUND),
    DEVICE_NAME_EMPTY(207, "Device name empty", HttpStatus.BAD_REQUEST),
    LOGIN_TYPE_INVALID(215, "Login type invalid", HttpStatus.BAD_REQUEST),
    DN_HAS_MULTIPLE_USERS(216, "DN has multiple users", HttpStatus.CONFLICT),
    OWNED_BY_ANOTHER_CLUSTER(1001, "Owned by another cluster", HttpStatus.CONFLICT),
    UNKNOWN_CLUSTER(1002, "Unknown cluster", HttpStatus.NOT_FOUND);

    private final int code;
    private final String quickDescription;
    private final HttpStatus status;

    EmError(int code, String quickDescription, HttpStatus status) {
        this.code = code;
        this.quickDescription = quickDescription;
        this.status = status;
    }

    public int code() {
        return code;
    }

    public String quickDescription() {
        return quickDescription;
    }

    public HttpStatus status() {
        return status;
    }
}
