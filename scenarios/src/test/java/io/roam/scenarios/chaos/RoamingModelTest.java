package io.roam.scenarios.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.chaos.Operation.Kind;
import io.roam.scenarios.chaos.Operation.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoamingModelTest {

    private final RoamingModel model = new RoamingModel();
    private long nextId = 1;

    @Test
    void anAcknowledgedLoginIsLiveAtItsClusterOnItsDevice() {
        login("bob", "cluster-1", "SEP1", "L1", 100);
        login("bob", "cluster-1", "SEP2", "L2", 110);

        assertThat(model.expected(List.of("bob", "alice"))).containsEntry("bob", loggedIn("cluster-1", "SEP1", "SEP2"))
                .containsEntry("alice", RoamingModel.Expected.NOT_LOGGED_IN_ANYWHERE);
        assertThat(model.belief("SEP1")).isEqualTo(RoamingModel.Belief.held(new RoamingModel.Login("L1", "bob", "cluster-1", "SEP1", 100)));
    }

    @Test
    void aLoginAtAnotherClusterWithAHigherRankSupersedesForGood() {
        login("bob", "cluster-1", "SEP1", "L1", 100);
        login("bob", "cluster-2", "SEP7", "L2", 200);
        logout("cluster-2", "SEP7", "bob");

        assertThat(model.expected(List.of("bob"))).containsEntry("bob", RoamingModel.Expected.NOT_LOGGED_IN_ANYWHERE);
    }

    @Test
    void rankNotArrivalDecidesAndTheClusterBreaksTies() {
        login("bob", "cluster-2", "SEP7", "L2", 200);
        login("bob", "cluster-1", "SEP1", "L1", 100);
        login("carol", "cluster-1", "SEP2", "C1", 300);
        login("carol", "cluster-3", "SEP9", "C3", 300);

        assertThat(model.expected(List.of("bob", "carol"))).containsEntry("bob", loggedIn("cluster-2", "SEP7"))
                .containsEntry("carol", loggedIn("cluster-3", "SEP9"));
    }

    @Test
    void aLogoutEndsTheLoginItsDeviceHeld() {
        login("bob", "cluster-1", "SEP1", "L1", 100);
        login("bob", "cluster-1", "SEP2", "L2", 110);
        logout("cluster-1", "SEP1", "bob");

        assertThat(model.expected(List.of("bob"))).containsEntry("bob", loggedIn("cluster-1", "SEP2"));
        assertThat(model.belief("SEP1").state()).isEqualTo(RoamingModel.Belief.State.FREE);
    }

    @Test
    void noUserOnTheDeviceFreesItWithoutEndingTheLogin() {
        login("bob", "cluster-1", "SEP1", "L1", 100);
        record(Kind.LOGOUT, "cluster-1", "SEP1", null, Outcome.REFUSED, 19, null, null);

        assertThat(model.belief("SEP1").state()).isEqualTo(RoamingModel.Belief.State.FREE);
        // Not superseded, not logged out: the spoke that forgot it is what the comparison must catch.
        assertThat(model.expected(List.of("bob"))).containsEntry("bob", loggedIn("cluster-1", "SEP1"));
    }

    @Test
    void usersTouchedByAnIndeterminateCallAreLeftOut() {
        login("bob", "cluster-1", "SEP1", "L1", 100);
        record(Kind.LOGOUT, "cluster-1", "SEP1", null, Outcome.INDETERMINATE, null, null, null);
        record(Kind.LOGIN, "cluster-2", "SEP7", "carol", Outcome.INDETERMINATE, null, null, null);
        record(Kind.LOGIN, "cluster-2", "SEP8", "dave", Outcome.UNREACHABLE, null, null, null);

        assertThat(model.unpredictable()).containsExactlyInAnyOrder("bob", "carol");
        assertThat(model.expected(List.of("bob", "carol", "dave"))).containsOnlyKeys("dave");
        assertThat(model.belief("SEP1").state()).isEqualTo(RoamingModel.Belief.State.UNSURE);
        assertThat(model.belief("SEP8").state()).isEqualTo(RoamingModel.Belief.State.FREE);
        assertThat(model.anomalyCount()).isZero();
    }

    @Test
    void aLogoutOfAnUnsureDeviceLeavesItsUserOut() {
        record(Kind.LOGIN, "cluster-1", "SEP1", "bob", Outcome.INDETERMINATE, null, null, null);
        logout("cluster-1", "SEP1", "bob");

        assertThat(model.unpredictable()).containsExactly("bob");
        assertThat(model.belief("SEP1").state()).isEqualTo(RoamingModel.Belief.State.FREE);
        assertThat(model.anomalyCount()).isZero();
    }

    @Test
    void answersNoCorrectSpokeGivesAreAnomalies() {
        record(Kind.LOGIN, "cluster-1", "SEP1", "bob", Outcome.REFUSED, 18, null, null);
        logout("cluster-1", "SEP2", "carol");
        login("dave", "cluster-1", "SEP3", "D1", 100);
        logout("cluster-1", "SEP3", "erin");
        model.record(new Operation(nextId++, Kind.LOGIN, "cluster-1", "SEP4", "fred", 0, 1, Outcome.INDETERMINATE, 500,
                null, null, null, "no EM code"));

        assertThat(model.anomalyCount()).isEqualTo(4);
        assertThat(model.anomalies()).anySatisfy(anomaly -> assertThat(anomaly).contains("refused with 18"))
                .anySatisfy(anomaly -> assertThat(anomaly).contains("answered HTTP 500"));
        assertThat(model.unpredictable()).contains("carol", "dave", "erin", "fred");
    }

    private static RoamingModel.Expected loggedIn(String cluster, String... devices) {
        return new RoamingModel.Expected(RoamingModel.LOGGED_IN, cluster, List.of(devices));
    }

    private void login(String user, String cluster, String device, String loginId, long hlc) {
        record(Kind.LOGIN, cluster, device, user, Outcome.ACKNOWLEDGED, null, loginId, hlc);
    }

    private void logout(String cluster, String device, String answeredUser) {
        record(Kind.LOGOUT, cluster, device, answeredUser, Outcome.ACKNOWLEDGED, null, null, null);
    }

    private void record(Kind kind, String cluster, String device, String user, Outcome outcome, Integer code,
                        String loginId, Long hlc) {
        int status = switch (outcome) {
            case ACKNOWLEDGED -> 200;
            case REFUSED -> 409;
            default -> 0;
        };
        model.record(new Operation(nextId++, kind, cluster, device, user, 0, 1, outcome, status, code, loginId, hlc, null));
    }
}
