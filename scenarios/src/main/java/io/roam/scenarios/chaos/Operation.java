package io.roam.scenarios.chaos;

/**
 * One EM call of the load generator and what its answer proves.
 *
 * @param id        in order of issue; calls on one device never overlap, so per device this is their real order
 * @param userId    the user asked to log in, or the user a logout answered; null if a logout got no answer
 * @param atMillis  when it was sent, from the start of the run
 * @param status    the HTTP status, 0 without an answer
 * @param emCode    the EM error code of a refusal
 * @param loginId   the login an acknowledged login created
 * @param hlc       that login's rank, with the cluster
 * @param detail    why it is refused or indeterminate
 */
public record Operation(long id, Kind kind, String cluster, String device, String userId, long atMillis,
                        long elapsedMillis, Outcome outcome, int status, Integer emCode, String loginId, Long hlc,
                        String detail) {

    public enum Kind { LOGIN, LOGOUT }

    public enum Outcome {
        /** 200: it happened, durably. */
        ACKNOWLEDGED,
        /** An EM error code: it did not happen. */
        REFUSED,
        /** The connection was refused: nothing was sent, so it did not happen. */
        UNREACHABLE,
        /** Sent, but no answer (timeout, reset by a kill): it may or may not have happened. */
        INDETERMINATE
    }
}
