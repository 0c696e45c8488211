package io.roam.scenarios.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.sip.SipCall;
import io.roam.scenarios.sip.SipNetwork;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.EmccSites;
import io.roam.scenarios.topology.TopologyControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The EMCC story of the seeds: Emma, homed at cluster-1, logs in at cluster-3 in EMCC mode, so her
 * calls go home while her emergency calls leave where she is; a phone at cluster-3 that bears the
 * name of one of cluster-1's is refused by cluster-1 (37) after its login; then cluster-1 goes down, an EMCC
 * login of Dana's is refused (40), and at the cluster that falls back she logs in as roaming
 * instead; when cluster-1 returns it logs Dana out of her desk phone itself. With a SIP network,
 * the calls are real calls through cluster-3's Kamailio; without, cluster-3's routing answers.
 */
public final class EmccStory extends Story {

    public static final String PIN = "2468";
    public static final SeedStory.Roamer EMMA = new SeedStory.Roamer("emma", "1000101", "cluster-1");
    public static final SeedStory.Roamer DANA = new SeedStory.Roamer("dana", "1000102", "cluster-1");
    public static final String HOME = "cluster-1";
    public static final String VISITING = "cluster-3";
    private static final String REFUSING = "cluster-2";
    private static final int STEPS = 9;
    private static final Duration STALE_POLL = Duration.ofMillis(200);

    private final Optional<SipNetwork> calls;
    private String fallback;
    private String danasDeskLogin;

    /** @param calls a SIP network with a proxy for cluster-3, or empty to check routing answers only */
    public EmccStory(TopologyControl topology, Optional<SipNetwork> calls, Duration stepTimeout, Consumer<StepResult> onStep) {
        super(topology, stepTimeout, onStep);
        this.calls = calls;
    }

    /** The EMCC-capable phone the story uses at a cluster. */
    public static String deviceOf(String clusterId) {
        return "SEPEC%011d".formatted(Integer.parseInt(clusterId.substring(clusterId.lastIndexOf('-') + 1)));
    }

    /** Plays the steps in order and stops at the first that fails; a cluster it killed is started again. */
    public List<StepResult> play() {
        requireFresh();
        List<String> clusters = topology.clusterIds();
        if (clusters.size() < 4 || !clusters.containsAll(List.of(HOME, REFUSING, VISITING))) {
            throw new IllegalStateException("the EMCC story needs cluster-1, cluster-2, cluster-3 and a fourth; this topology has "
                    + clusters);
        }
        fallback = EmccSites.fallbackCluster(clusters);
        try {
            step(1, "provision emma and dana (EMCC) at " + HOME, this::provision);
            step(2, "dana logs in at her desk at " + HOME, this::danaAtHerDesk);
            step(3, "emma logs in at " + VISITING + " in EMCC mode", this::emmaVisits);
            step(4, calls.isPresent() ? "calls through " + VISITING + "'s proxy" : "routing at " + VISITING, this::emmasCalls);
            step(5, HOME + " refuses a phone at " + VISITING + " named like one of its own", this::twinRefused);
            step(6, HOME + " goes down (kill -9)", () -> kill(HOME));
            step(7, "dana's EMCC login at " + REFUSING + " is refused", this::danaRefused);
            step(8, "dana falls back to roaming at " + fallback, this::danaFallsBack);
            step(9, HOME + " returns, logs dana out itself", this::homeReturns);
        } catch (StepFailed e) {
            restartKilled();
        }
        return results();
    }

    public static boolean held(List<StepResult> results) {
        return results.size() == STEPS && results.stream().allMatch(StepResult::ok);
    }

    private Measured provision() {
        for (String clusterId : topology.clusterIds()) {
            SpokeClient spoke = topology.spoke(clusterId);
            String device = deviceOf(clusterId);
            spoke.configureEmccDevice(device, EmccSites.COUNTRY, EmccSites.city(clusterId))
                    .requireOk("configuring " + device + " at " + clusterId);
            if (spoke.device(device).requireOk(device).path("userId").isTextual()) {
                spoke.logout(device).requireOk("clearing " + device + " at " + clusterId);
            }
        }
        SpokeClient home = topology.spoke(HOME);
        home.provisionEmccUser(EMMA.userId(), PIN, List.of(EMMA.dn()), false).requireOk("provisioning emma");
        home.provisionEmccUser(DANA.userId(), PIN, List.of(DANA.dn()), true).requireOk("provisioning dana");
        long acknowledged = System.nanoTime();
        Duration elapsed = everywhere(acknowledged, topology.clusterIds(), spoke -> {
            List<String> missing = new ArrayList<>();
            for (SeedStory.Roamer user : List.of(EMMA, DANA)) {
                if (!spoke.dn(user.dn()).isOk()) {
                    missing.add(user.dn());
                }
            }
            return missing.isEmpty() ? Optional.empty() : Optional.of("does not know " + missing);
        });
        return new Measured(elapsed, "seen everywhere in " + StepResult.millis(elapsed));
    }

    private Measured danaAtHerDesk() {
        JsonNode login = topology.spoke(HOME).login(deviceOf(HOME), DANA.userId(), PIN).requireOk("dana's login at home");
        long acknowledged = System.nanoTime();
        danasDeskLogin = login.path("loginId").asText();
        Duration elapsed = everywhere(acknowledged, topology.clusterIds(),
                spoke -> routes(spoke, DANA.dn(), HOME, HOME, "ROAMING").or(() -> pendingLogouts(spoke, DANA.dn(), List.of())));
        return new Measured(elapsed, "seen everywhere in " + StepResult.millis(elapsed));
    }

    private Measured emmaVisits() {
        JsonNode login = topology.spoke(VISITING).login(deviceOf(VISITING), EMMA.userId(), PIN, "EMCC")
                .requireOk("emma's EMCC login at " + VISITING);
        long acknowledged = System.nanoTime();
        String pool = EmccSites.pool(VISITING);
        if (!"EMCC".equals(login.path("mode").asText()) || !HOME.equals(login.path("registrationCluster").asText())
                || !pool.equals(login.path("devicePool").asText())) {
            throw new IllegalStateException("the login was answered " + login + ", not EMCC registered at " + HOME
                    + " with pool " + pool);
        }
        Duration elapsed = everywhere(acknowledged, topology.clusterIds(),
                spoke -> routes(spoke, EMMA.dn(), HOME, VISITING, "EMCC"));
        return new Measured(elapsed, "calls go to " + HOME + ", the phone is at " + VISITING + " (" + pool
                + "): seen everywhere in " + StepResult.millis(elapsed));
    }

    private Measured emmasCalls() {
        long started = System.nanoTime();
        String gateway = topology.spoke(VISITING).emergencyRoute(EMMA.dn()).requireOk("emma's emergency route").path("routeString").asText();
        // The local topology's pool for cluster-3's site breaks out at cluster-3's route string, where its phones stand.
        String visitingGateway = routeStringOf(VISITING);
        if (!gateway.equals(visitingGateway)) {
            throw new IllegalStateException("emma's emergency route is " + gateway + ", not " + VISITING + "'s gateway " + visitingGateway);
        }
        if (calls.isEmpty()) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            return new Measured(elapsed, "calls to " + HOME + ", emergency calls to " + gateway);
        }
        SipNetwork network = calls.get();
        SipCall call = network.call(VISITING, EMMA.dn());
        SipCall emergency = network.emergencyCall(VISITING, EMMA.dn());
        Optional<String> callAt = call.answeringPort().stream().boxed().findFirst().flatMap(network::clusterAt);
        Optional<String> emergencyAt = emergency.answeringPort().stream().boxed().findFirst().flatMap(network::clusterAt);
        if (!callAt.equals(Optional.of(HOME)) || !emergencyAt.equals(Optional.of(VISITING))) {
            throw new IllegalStateException("a call to emma was answered at " + callAt.orElse(call.status() + "")
                    + " and her emergency call at " + emergencyAt.orElse(emergency.status() + "")
                    + ", not at " + HOME + " and " + VISITING);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new Measured(elapsed, "a call to emma answered at " + HOME + ", her 911 at " + VISITING + "'s gateway");
    }

    /**
     * Emma logs in again at cluster-3 (EMCC allows several logins within one cluster), on a phone
     * named like cluster-1's own: cluster-3 cannot know that name, so it answers the login, and
     * cluster-1 refuses it when it learns of it; cluster-3 then logs that phone out, and her first
     * login still routes.
     */
    private Measured twinRefused() {
        String twin = deviceOf(HOME);
        SpokeClient visiting = topology.spoke(VISITING);
        visiting.configureEmccDevice(twin, EmccSites.COUNTRY, EmccSites.city(VISITING))
                .requireOk("configuring " + twin + " at " + VISITING);
        visiting.login(twin, EMMA.userId(), PIN, "EMCC").requireOk("emma's EMCC login on " + twin + " at " + VISITING);
        long acknowledged = System.nanoTime();
        Duration elapsed = Poll.until(acknowledged, stepTimeout, Poll.DEFAULT_INTERVAL, () -> {
            JsonNode phone = visiting.device(twin).requireOk(twin);
            if (phone.path("userId").isTextual() || phone.path("lastRefusal").asInt() != 37) {
                return List.of(VISITING + "'s " + twin + " is " + phone);
            }
            return routes(visiting, EMMA.dn(), HOME, VISITING, "EMCC").stream().toList();
        });
        return new Measured(elapsed, "refused (37), the phone logged out " + StepResult.millis(elapsed)
                + " after the login's answer");
    }

    private String routeStringOf(String clusterId) {
        for (JsonNode cluster : topology.spoke(VISITING).clusters().body()) {
            if (clusterId.equals(cluster.path("cluster").asText())) {
                return cluster.path("routeString").asText();
            }
        }
        return "";
    }

    /**
     * Once cluster-2 and the cluster that falls back hold cluster-1 for stale: until then they
     * accept EMCC logins for it, as a visiting cluster knows a home is down only from its silence.
     */
    private Measured danaRefused() {
        long started = System.nanoTime();
        SpokeClient refusing = topology.spoke(REFUSING);
        Duration stale = Poll.until(started, stepTimeout, STALE_POLL, () -> complaintsOfAll(List.of(REFUSING, fallback),
                spoke -> spoke.route(DANA.dn()).body().path("targetStale").asBoolean()
                        ? Optional.empty() : Optional.of("does not hold " + HOME + " for stale yet")));
        ApiResponse refused = refusing.login(deviceOf(REFUSING), DANA.userId(), PIN, "EMCC");
        if (refused.status() != 503 || refused.body().path("code").asInt() != 40) {
            throw new IllegalStateException("dana's EMCC login was answered " + refused + ", not 40");
        }
        return new Measured(stale, "40 " + refused.text("error") + ", " + HOME + " stale after " + StepResult.seconds(stale));
    }

    private Measured danaFallsBack() {
        JsonNode login = topology.spoke(fallback).login(deviceOf(fallback), DANA.userId(), PIN, "EMCC")
                .requireOk("dana's login at " + fallback);
        long acknowledged = System.nanoTime();
        if (!"ROAMING".equals(login.path("mode").asText()) || !login.path("fellBack").asBoolean()) {
            throw new IllegalStateException("the login was answered " + login + ", not a roaming login that fell back");
        }
        List<String> live = topology.clusterIds().stream().filter(id -> !id.equals(HOME)).toList();
        Duration elapsed = everywhere(acknowledged, live, spoke -> routes(spoke, DANA.dn(), fallback, fallback, "ROAMING")
                .or(() -> pendingLogouts(spoke, DANA.dn(), List.of(HOME + "/" + danasDeskLogin))));
        return new Measured(elapsed, "roaming, seen everywhere in " + StepResult.millis(elapsed) + ", logout at "
                + HOME + " pending");
    }

    private Measured homeReturns() {
        Duration restart = restart(HOME);
        long healthy = System.nanoTime();
        Duration elapsed = Poll.until(healthy, stepTimeout, Poll.DEFAULT_INTERVAL, () -> {
            List<String> complaints = new ArrayList<>(complaintsOfAll(topology.clusterIds(),
                    spoke -> routes(spoke, DANA.dn(), fallback, fallback, "ROAMING")
                            .or(() -> pendingLogouts(spoke, DANA.dn(), List.of()))
                            .or(() -> routes(spoke, EMMA.dn(), HOME, VISITING, "EMCC"))));
            String user = topology.spoke(HOME).device(deviceOf(HOME)).text("userId");
            if (user != null) {
                complaints.add(HOME + ": " + deviceOf(HOME) + " still has " + user);
            }
            return complaints;
        });
        return new Measured(elapsed, "healthy in " + StepResult.seconds(restart) + ", logout seen everywhere "
                + StepResult.millis(elapsed) + " later");
    }

    /** Complains unless the spoke routes the DN's calls to {@code target} with the phone at {@code physical}. */
    private static Optional<String> routes(SpokeClient spoke, String dn, String target, String physical, String mode) {
        ApiResponse route = spoke.route(dn);
        if (route.isOk() && target.equals(route.text("target")) && physical.equals(route.text("physicalCluster"))
                && mode.equals(route.text("mode")) && "LOGGED_IN".equals(route.text("reason"))) {
            return Optional.empty();
        }
        return Optional.of("routes " + dn + " as " + route);
    }
}
