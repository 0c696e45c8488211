package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.RunningTopology;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A running spoke refuses bad logins with the EM error code and HTTP status of docs/api.md, Errors. */
@ExtendWith(SharedTopology.class)
class ErrorCodesIT {

    private static final String USER = "erin";
    private static final String PIN = "2468";
    private static final String DEVICE = "SEPE00000000004";

    private static SpokeClient spoke;

    @BeforeAll
    static void provision(RunningTopology topology) {
        spoke = topology.spoke("cluster-4");
        spoke.provisionUser(USER, PIN, List.of("4000001"), false).requireOk("provision erin");
        spoke.configureDevice(DEVICE, true).requireOk("erin's device");
    }

    @Test
    void wrongPinIsAnAuthenticationError() {
        assertRefused(spoke.login(DEVICE, USER, "1357"), 401, 201);
    }

    @Test
    void blankPinIsRefusedAsBlank() {
        assertRefused(spoke.login(DEVICE, USER, ""), 400, 202);
    }

    @Test
    void unknownUserDoesNotExist() {
        assertRefused(spoke.login(DEVICE, "nobody-by-that-name", PIN), 404, 23);
    }

    @Test
    void unknownDeviceDoesNotExist() {
        assertRefused(spoke.login("SEPNOSUCHDEVICE", USER, PIN), 404, 11);
    }

    @Test
    void malformedJsonIsAParsingError() {
        assertRefused(spoke.loginRaw("{\"device\": \"" + DEVICE + "\", \"userId\": "), 400, 1);
    }

    @Test
    void theRightPinStillLogsIn() {
        ApiResponse login = spoke.login(DEVICE, USER, PIN);

        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.text("cluster")).isEqualTo("cluster-4");
        assertThat(spoke.logout(DEVICE).status()).isEqualTo(200);
    }

    private static void assertRefused(ApiResponse answer, int status, int code) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.errorCode()).as("%s", answer).hasValue(code);
        assertThat(answer.text("error")).as("quick description").isNotBlank();
        assertThat(answer.text("message")).as("message").isNotBlank();
    }
}
