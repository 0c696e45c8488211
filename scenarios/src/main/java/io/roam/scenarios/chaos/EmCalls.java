package io.roam.scenarios.chaos;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.function.Supplier;

/** EM logins and logouts whose answers are classified by what they prove (see {@link Operation.Outcome}). */
public final class EmCalls {

    private final long runStartNanos;

    /** @param runStartNanos the {@link System#nanoTime()} operation times are counted from */
    public EmCalls(long runStartNanos) {
        this.runStartNanos = runStartNanos;
    }

    public Operation login(long id, SpokeClient spoke, String cluster, String device, String userId) {
        long sent = System.nanoTime();
        Answer answer = call(() -> spoke.login(device, userId, Fleet.PIN));
        if (answer.outcome() == Operation.Outcome.ACKNOWLEDGED) {
            ApiResponse ok = answer.response();
            if (!namesTheLogin(ok, cluster, device, userId)) {
                return operation(id, Operation.Kind.LOGIN, cluster, device, userId, sent,
                        new Answer(Operation.Outcome.INDETERMINATE, ok, "acknowledged with an unexpected body: " + ok));
            }
            return new Operation(id, Operation.Kind.LOGIN, cluster, device, userId, millisSinceStart(sent),
                    elapsedMillis(sent), Operation.Outcome.ACKNOWLEDGED, ok.status(), null, ok.text("loginId"),
                    ok.body().path("hlc").asLong(), null);
        }
        return operation(id, Operation.Kind.LOGIN, cluster, device, userId, sent, answer);
    }

    public Operation logout(long id, SpokeClient spoke, String cluster, String device) {
        long sent = System.nanoTime();
        Answer answer = call(() -> spoke.logout(device));
        String userId = answer.outcome() == Operation.Outcome.ACKNOWLEDGED ? answer.response().text("userId") : null;
        if (answer.outcome() == Operation.Outcome.ACKNOWLEDGED && userId == null) {
            answer = new Answer(Operation.Outcome.INDETERMINATE, answer.response(),
                    "acknowledged without a user: " + answer.response());
        }
        return operation(id, Operation.Kind.LOGOUT, cluster, device, userId, sent, answer);
    }

    private record Answer(Operation.Outcome outcome, ApiResponse response, String detail) {
    }

    private static Answer call(Supplier<ApiResponse> request) {
        ApiResponse response;
        try {
            response = request.get();
        } catch (UncheckedIOException e) {
            // Not connected means not sent; anything later (timeout, reset by a kill) may have been applied.
            boolean notSent = e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException;
            return new Answer(notSent ? Operation.Outcome.UNREACHABLE : Operation.Outcome.INDETERMINATE, null, e.getMessage());
        }
        if (response.isOk()) {
            return new Answer(Operation.Outcome.ACKNOWLEDGED, response, null);
        }
        if (response.errorCode().isPresent()) {
            return new Answer(Operation.Outcome.REFUSED, response, response.text("error"));
        }
        // A failure without an EM code breaks the contract and proves nothing about the store.
        return new Answer(Operation.Outcome.INDETERMINATE, response, "no EM code: " + response);
    }

    private static boolean namesTheLogin(ApiResponse ok, String cluster, String device, String userId) {
        return cluster.equals(ok.text("cluster")) && device.equals(ok.text("device")) && userId.equals(ok.text("userId"))
                && ok.text("loginId") != null && ok.body().path("hlc").canConvertToLong();
    }

    private Operation operation(long id, Operation.Kind kind, String cluster, String device, String userId, long sent,
                                Answer answer) {
        ApiResponse response = answer.response();
        Integer code = answer.outcome() == Operation.Outcome.REFUSED ? response.errorCode().getAsInt() : null;
        return new Operation(id, kind, cluster, device, userId, millisSinceStart(sent), elapsedMillis(sent),
                answer.outcome(), response == null ? 0 : response.status(), code, null, null, answer.detail());
    }

    private long millisSinceStart(long nanos) {
        return (nanos - runStartNanos) / 1_000_000;
    }

    private static long elapsedMillis(long sent) {
        return (System.nanoTime() - sent) / 1_000_000;
    }
}
