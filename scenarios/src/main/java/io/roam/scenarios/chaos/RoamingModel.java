package io.roam.scenarios.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the directory must say, from the clients' answers alone (docs/design.md, rules 1 to 3): every
 * acknowledged login of a user, minus the logins an acknowledged logout ended, minus those an
 * acknowledged login at another cluster outranks by (hlc, cluster). A user touched by an
 * indeterminate call cannot be predicted and is left out.
 *
 * <p>A logout answer names the device's user but not the login, so each device's current login is
 * tracked; the load generator never has two calls on one device in flight, so recording the
 * answers of one device in completion order replays them in their real order.
 */
public final class RoamingModel {

    public static final String LOGGED_IN = "LOGGED_IN";
    public static final String NOT_LOGGED_IN = "NOT_LOGGED_IN";

    public record Login(String loginId, String userId, String cluster, String device, long hlc) {

        private static final Comparator<Login> RANK = Comparator.comparingLong(Login::hlc).thenComparing(Login::cluster);

        boolean outranks(Login other) {
            return RANK.compare(this, other) > 0;
        }
    }

    /** What the answers so far say a device holds. */
    public record Belief(State state, Login login) {

        public enum State {
            FREE,
            HELD,
            /** After a call without an answer: held by nobody or by a user already left out. */
            UNSURE
        }

        static final Belief FREE = new Belief(State.FREE, null);
        static final Belief UNSURE = new Belief(State.UNSURE, null);

        static Belief held(Login login) {
            return new Belief(State.HELD, login);
        }
    }

    /** A DN's expected routing state: where its user is logged in and on which devices. */
    public record Expected(String state, String cluster, List<String> devices) {

        static final Expected NOT_LOGGED_IN_ANYWHERE = new Expected(NOT_LOGGED_IN, null, List.of());
    }

    private static final int ANOMALIES_KEPT = 50;

    private final Map<String, List<Login>> logins = new HashMap<>();
    private final Set<String> ended = new HashSet<>();
    private final Set<String> unpredictable = new TreeSet<>();
    private final Map<String, Belief> devices = new HashMap<>();
    private final List<String> anomalies = new ArrayList<>();
    private int anomalyCount;

    public synchronized Belief belief(String device) {
        return devices.getOrDefault(device, Belief.FREE);
    }

    public synchronized void record(Operation op) {
        if (op.outcome() == Operation.Outcome.INDETERMINATE && op.status() != 0) {
            anomaly(op.kind() + " #" + op.id() + " at " + op.cluster() + " answered HTTP " + op.status() + ": " + op.detail());
        }
        switch (op.kind()) {
            case LOGIN -> recordLogin(op);
            case LOGOUT -> recordLogout(op);
        }
    }

    private void recordLogin(Operation op) {
        switch (op.outcome()) {
            case ACKNOWLEDGED -> {
                Login login = new Login(op.loginId(), op.userId(), op.cluster(), op.device(), op.hlc());
                logins.computeIfAbsent(op.userId(), user -> new ArrayList<>()).add(login);
                devices.put(op.device(), Belief.held(login));
            }
            case REFUSED -> {
                if (refusedWith(op, 18)) {
                    if (belief(op.device()).state() == Belief.State.FREE) {
                        anomaly("login #" + op.id() + " at " + op.cluster() + " refused with 18 (another user on "
                                + op.device() + ") although every answer says the device is free");
                    }
                    devices.put(op.device(), Belief.UNSURE);
                }
            }
            case INDETERMINATE -> {
                unpredictable.add(op.userId());
                devices.put(op.device(), Belief.UNSURE);
            }
            case UNREACHABLE -> {
            }
        }
    }

    private void recordLogout(Operation op) {
        Belief before = belief(op.device());
        switch (op.outcome()) {
            case ACKNOWLEDGED -> {
                switch (before.state()) {
                    case HELD -> {
                        if (before.login().userId().equals(op.userId())) {
                            ended.add(before.login().loginId());
                        } else {
                            anomaly("logout #" + op.id() + " of " + op.device() + " at " + op.cluster() + " answered user "
                                    + op.userId() + ", but the device's last acknowledged login is "
                                    + before.login().userId() + "'s " + before.login().loginId());
                            unpredictable.add(before.login().userId());
                            unpredictable.add(op.userId());
                        }
                    }
                    case UNSURE -> unpredictable.add(op.userId());
                    case FREE -> {
                        anomaly("logout #" + op.id() + " of " + op.device() + " at " + op.cluster() + " answered user "
                                + op.userId() + ", but no acknowledged login left anyone on the device");
                        unpredictable.add(op.userId());
                    }
                }
                devices.put(op.device(), Belief.FREE);
            }
            case REFUSED -> {
                // 19: nobody is on it, e.g. its login was superseded and ended by its cluster.
                if (refusedWith(op, 19)) {
                    devices.put(op.device(), Belief.FREE);
                }
            }
            case INDETERMINATE -> {
                if (before.state() == Belief.State.HELD) {
                    unpredictable.add(before.login().userId());
                    devices.put(op.device(), Belief.UNSURE);
                }
            }
            case UNREACHABLE -> {
            }
        }
    }

    /** The cluster lost its data and ended every login it got back with its history: its phones hold none. */
    public synchronized void clusterLostItsData(String cluster) {
        for (List<Login> userLogins : logins.values()) {
            for (Login login : userLogins) {
                if (login.cluster().equals(cluster)) {
                    ended.add(login.loginId());
                    devices.put(login.device(), Belief.FREE);
                }
            }
        }
    }

    private static boolean refusedWith(Operation op, int code) {
        return op.emCode() != null && op.emCode() == code;
    }

    private void anomaly(String text) {
        anomalyCount++;
        if (anomalies.size() < ANOMALIES_KEPT) {
            anomalies.add(text);
        }
    }

    /** The users an indeterminate call touched: their state cannot be predicted. */
    public synchronized Set<String> unpredictable() {
        return Set.copyOf(unpredictable);
    }

    /** Answers no correct directory gives, e.g. a device busy that every answer says is free. */
    public synchronized int anomalyCount() {
        return anomalyCount;
    }

    public synchronized List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    /** The expected state of each predictable user among {@code users}, in their order. */
    public synchronized Map<String, Expected> expected(Collection<String> users) {
        Map<String, Expected> expected = new LinkedHashMap<>();
        for (String user : users) {
            if (!unpredictable.contains(user)) {
                expected.put(user, expectedOf(logins.getOrDefault(user, List.of())));
            }
        }
        return expected;
    }

    private Expected expectedOf(List<Login> userLogins) {
        List<Login> live = userLogins.stream()
                .filter(login -> !ended.contains(login.loginId()))
                .filter(login -> userLogins.stream().noneMatch(other -> !other.cluster().equals(login.cluster())
                        && other.outranks(login)))
                .toList();
        if (live.isEmpty()) {
            return Expected.NOT_LOGGED_IN_ANYWHERE;
        }
        // No live login outranks another at a different cluster, so they all share one cluster.
        return new Expected(LOGGED_IN, live.get(0).cluster(), live.stream().map(Login::device).sorted().toList());
    }
}
