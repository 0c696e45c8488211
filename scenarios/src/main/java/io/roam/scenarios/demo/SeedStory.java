package io.roam.scenarios.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.Provisioner;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.TopologyControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The seed's story of EM roaming across clusters: Bob roams from cluster-1 to cluster-2 while
 * cluster-1 is down, so cluster-1's login is ended by a deferred logout when it returns. Each step
 * is verified on every spoke by polling and timed from the acknowledged call until all agree.
 *
 * <p>The story can be played again on the same topology: it clears its devices first and only
 * moves Bob forward.
 */
public final class SeedStory extends Story {

    public record Roamer(String userId, String dn, String homeCluster) {
    }

    public static final String PIN = "1234";
    public static final Roamer BOB = new Roamer("bob", "1000001", "cluster-1");
    public static final Roamer ALICE = new Roamer("alice", "2000001", "cluster-2");
    public static final Roamer KALLY = new Roamer("kally", "3000001", "cluster-3");
    public static final List<Roamer> ROAMERS = List.of(BOB, ALICE, KALLY);

    private static final String FIRST = "cluster-1";
    private static final String SECOND = "cluster-2";
    private static final String ROUTER = "cluster-3";

    private String bobsFirstLogin;

    /**
     * @param stepTimeout how long a step may take to be seen everywhere (restarts are bounded by the topology)
     * @param onStep      told of each step as soon as it is played, e.g. to print it
     */
    public SeedStory(TopologyControl topology, Duration stepTimeout, Consumer<StepResult> onStep) {
        super(topology, stepTimeout, onStep);
    }

    /** The EM-enabled device the story uses at a cluster: SEP000000000001 at cluster-1. */
    public static String deviceOf(String clusterId) {
        return "SEP%012d".formatted(Integer.parseInt(clusterId.substring(clusterId.lastIndexOf('-') + 1)));
    }

    /**
     * Plays the steps in order and stops at the first that fails (the next ones build on it). A
     * cluster the story killed is started again even if the story fails before bringing it back.
     *
     * @return the steps played; the story held if there are six and all are OK
     */
    public List<StepResult> play() {
        requireFresh();
        if (!topology.clusterIds().containsAll(List.of(FIRST, SECOND, ROUTER))) {
            throw new IllegalStateException("the seed story needs cluster-1, cluster-2 and cluster-3; this topology has "
                    + topology.clusterIds());
        }
        List<String> down = topology.clusterIds().stream().filter(id -> !topology.isAlive(id)).toList();
        if (!down.isEmpty()) {
            throw new IllegalStateException("the seed story needs every spoke running; down: " + down
                    + " (start them with `roam start NODE`)");
        }
        try {
            step(1, "provision bob, alice, kally", this::provision);
            step(2, "bob logs in at " + FIRST, this::bobLogsInAtFirst);
            step(3, FIRST + " goes down (kill -9)", () -> kill(FIRST));
            step(4, "bob logs in at " + SECOND, this::bobLogsInAtSecond);
            step(5, FIRST + " returns, logs bob out itself", this::firstReturns);
            step(6, "every spoke holds the same directory", this::sameDigest);
        } catch (StepFailed e) {
            restartKilled();
        }
        return results();
    }

    public static boolean held(List<StepResult> results) {
        return results.size() == 6 && results.stream().allMatch(StepResult::ok);
    }

    private Measured provision() {
        Provisioner provisioner = new Provisioner(topology::spoke);
        for (String clusterId : topology.clusterIds()) {
            SpokeClient spoke = topology.spoke(clusterId);
            String device = deviceOf(clusterId);
            provisioner.configurePhones(List.of(new Provisioner.Phone(device, clusterId)));
            // A device still holding a login from an earlier run would refuse the story's login (18).
            if (spoke.device(device).requireOk(device).path("userId").isTextual()) {
                spoke.logout(device).requireOk("clearing " + device + " at " + clusterId);
            }
        }
        provisioner.provisionUsers(ROAMERS.stream()
                .map(roamer -> new Provisioner.User(roamer.userId(), PIN, List.of(roamer.dn()), roamer.homeCluster())).toList());
        long acknowledged = System.nanoTime();
        Duration elapsed = everywhere(acknowledged, topology.clusterIds(), spoke -> {
            List<String> missing = new ArrayList<>();
            for (Roamer roamer : ROAMERS) {
                ApiResponse dn = spoke.dn(roamer.dn());
                if (!dn.isOk() || !roamer.homeCluster().equals(dn.text("homeCluster"))) {
                    missing.add(roamer.dn() + " " + dn.status());
                }
            }
            return missing.isEmpty() ? Optional.empty() : Optional.of("does not know " + missing);
        });
        return new Measured(elapsed, "seen everywhere in " + StepResult.millis(elapsed));
    }

    private Measured bobLogsInAtFirst() {
        JsonNode login = topology.spoke(FIRST).login(deviceOf(FIRST), BOB.userId(), PIN)
                .requireOk("bob's login at " + FIRST);
        long acknowledged = System.nanoTime();
        bobsFirstLogin = login.path("loginId").asText();
        // Also waits for the end of any login an earlier run left, so the next steps start clean.
        Duration elapsed = everywhere(acknowledged, topology.clusterIds(),
                spoke -> routesBobTo(spoke, FIRST).or(() -> pendingLogouts(spoke, BOB.dn(), List.of())));
        return new Measured(elapsed, "seen everywhere in " + StepResult.millis(elapsed));
    }

    private Measured bobLogsInAtSecond() {
        topology.spoke(SECOND).login(deviceOf(SECOND), BOB.userId(), PIN).requireOk("bob's login at " + SECOND);
        long acknowledged = System.nanoTime();
        Duration elapsed = everywhere(acknowledged, live(), spoke -> routesBobTo(spoke, SECOND)
                .or(() -> pendingLogouts(spoke, BOB.dn(), List.of(FIRST + "/" + bobsFirstLogin))));
        return new Measured(elapsed, "seen everywhere in " + StepResult.millis(elapsed) + ", logout at " + FIRST + " pending");
    }

    private Measured firstReturns() {
        Duration restart = restart(FIRST);
        long healthy = System.nanoTime();
        SpokeClient first = topology.spoke(FIRST);
        Duration elapsed = Poll.until(healthy, stepTimeout, Poll.DEFAULT_INTERVAL, () -> {
            List<String> complaints = new ArrayList<>(complaintsOfAll(topology.clusterIds(),
                    spoke -> routesBobTo(spoke, SECOND).or(() -> pendingLogouts(spoke, BOB.dn(), List.of()))));
            String user = first.device(deviceOf(FIRST)).text("userId");
            if (user != null) {
                complaints.add(FIRST + ": " + deviceOf(FIRST) + " still has " + user);
            }
            return complaints;
        });
        return new Measured(elapsed, "healthy in " + StepResult.seconds(restart) + ", logout seen everywhere "
                + StepResult.millis(elapsed) + " later");
    }

    private List<String> live() {
        return topology.clusterIds().stream().filter(id -> !id.equals(FIRST)).toList();
    }

    private static Optional<String> routesBobTo(SpokeClient spoke, String target) {
        ApiResponse route = spoke.route(BOB.dn());
        if (route.isOk() && target.equals(route.text("target")) && "LOGGED_IN".equals(route.text("reason"))) {
            return Optional.empty();
        }
        return Optional.of("routes " + BOB.dn() + " as " + route);
    }
}
