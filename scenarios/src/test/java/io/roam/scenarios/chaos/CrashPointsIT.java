package io.roam.scenarios.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.events.TopicPolicy;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.RunningTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The crash points of replication, hit on purpose rather than by chance: a kill between the local
 * commit and the publish, a kill between consuming and committing on the applier, a lost disk, a
 * hub's feed deleted and created again, a cluster that joins a network with a history, and a
 * store restored from a backup. The last test leaves the model behind: it runs last. Each test ends with the full set of chaos checks
 * on a quiet network; they share one topology of their own, in order, the late joiner last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashPointsIT {

    private static final Duration QUIET = OwnTopology.QUIET_TIMEOUT;

    private static RunningTopology topology;
    private static Fleet fleet;
    private static final RoamingModel model = new RoamingModel();
    private static final AtomicLong ids = new AtomicLong();
    private static EmCalls calls;

    @BeforeAll
    static void startTopology() throws IOException {
        topology = OwnTopology.start("crash-points", 2, 2);
        fleet = Fleet.of(topology.clusterIds(), 4, 6);
        fleet.provision(topology::spoke, Duration.ofMinutes(2));
        calls = new EmCalls(System.nanoTime());
    }

    @AfterAll
    static void stopTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @AfterEach
    void everyNodeRuns() {
        OwnTopology.heal(topology);
    }

    @Test
    @Order(1)
    void aLoginAcknowledgedButNotYetPublishedSurvivesAKill() {
        Fleet.Member roamer = homedAt("cluster-3").get(0);
        String device = freeDevice("cluster-1");
        topology.kill("kafka");

        Operation login = record(calls.login(ids.incrementAndGet(), topology.spoke("cluster-1"), "cluster-1", device,
                roamer.userId()));
        assertThat(login.outcome()).as("the store is local: %s", login).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
        assertThat(replication("cluster-1").path("unpublished").asLong()).as("cluster-1 unpublished").isPositive();

        topology.kill("cluster-1");
        topology.start("kafka");
        topology.start("cluster-1");

        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
        everySpokeRoutes(roamer, "cluster-1", device);
    }

    @Test
    @Order(2)
    void aSpokeKilledRightAfterAFreezeAppliesTheBurstItWasGivenExactlyOnce() throws InterruptedException {
        LoadGenerator burst = load(cluster -> !cluster.equals("cluster-2"), 20);
        burst.start();
        awaitAnswers(burst, 10);
        topology.pause("cluster-2");
        // While it is frozen its hub's feed fills; on thawing the applier takes a batch at once.
        awaitAnswers(burst, 40);
        topology.resume("cluster-2");
        TimeUnit.MILLISECONDS.sleep(30);
        topology.kill("cluster-2");
        awaitAnswers(burst, 60);
        burst.stop(ChaosRun.CALL_TIMEOUT);
        topology.start("cluster-2");

        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
        JsonNode audit = topology.spoke("cluster-2").audit().requireOk("cluster-2 audit");
        assertThat(audit.path("exactlyOnce").asBoolean()).as("%s", audit).isTrue();
        assertThat(audit.path("origins")).extracting(origin -> origin.path("origin").asText())
                .contains("cluster-1", "cluster-3", "cluster-4");
    }

    @Test
    @Order(3)
    void aSpokeThatLostItsDiskSyncsItsOwnHistoryAndEveryoneElsesAndEndsTheLoginsItsPhonesLost() throws IOException {
        SpokeClient cluster2 = topology.spoke("cluster-2");
        Fleet.Member roamer = homedAt("cluster-1").get(1);
        String device = freeDevice("cluster-2");
        Operation login = record(calls.login(ids.incrementAndGet(), cluster2, "cluster-2", device, roamer.userId()));
        assertThat(login.outcome()).as("%s", login).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
        JsonNode before = replication("cluster-2");

        topology.stop("cluster-2");
        deleteRecursively(topology.dataDir("cluster-2"));
        topology.start("cluster-2");
        model.clusterLostItsData("cluster-2");
        // A phone's EM setting is the cluster's configuration, not replicated history: the operator sets it again.
        fleet.devices().get("cluster-2").forEach(phone -> cluster2.configureDevice(phone, true).requireOk(phone));

        // Every spoke agrees, and with the model in which cluster-2's phones hold nobody any more.
        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
        // Its own history came back with its numbers, and the logouts it recorded since go on from there.
        JsonNode audit = cluster2.audit().requireOk("cluster-2 audit");
        assertThat(audit.path("exactlyOnce").asBoolean()).as("%s", audit).isTrue();
        assertThat(audit.path("outboxEvents").asLong()).as("own events in the outbox, densely numbered")
                .isGreaterThan(before.path("publishedSeq").asLong());
        for (String spoke : topology.clusterIds()) {
            DnView view = DnView.of(topology.spoke(spoke).dn(roamer.dn()).requireOk(roamer.dn() + " at " + spoke));
            assertThat(view).as("%s at %s", roamer.dn(), spoke).isEqualTo(new DnView(roamer.dn(), roamer.userId(),
                    roamer.homeCluster(), RoamingModel.NOT_LOGGED_IN, null, List.of()));
        }

        // The phone that held the lost login takes another user's login like any free phone.
        Fleet.Member next = homedAt("cluster-4").get(0);
        Operation again = record(calls.login(ids.incrementAndGet(), cluster2, "cluster-2", device, next.userId()));
        assertThat(again.outcome()).as("%s", again).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
        everySpokeRoutes(next, "cluster-2", device);
    }

    @Test
    @Order(4)
    void spokesWhoseFeedWasCreatedAgainReadWhatTheyLostFromTheOutboundTopics() throws Exception {
        List<String> hubB = List.of("cluster-3", "cluster-4");
        hubB.forEach(topology::stop);
        LoadGenerator traffic = load(cluster -> !hubB.contains(cluster), 20);
        traffic.start();
        awaitAnswers(traffic, 40);
        traffic.stop(ChaosRun.CALL_TIMEOUT);
        String feed = TopicPolicy.hubFeed("hub-b");
        // What the hub relayed while they were down goes with the topic; the hub creates it again and writes there.
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers",
                topology.topology().bootstrapServers()))) {
            admin.deleteTopics(List.of(feed)).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> created(admin, feed));
        }
        hubB.forEach(topology::start);

        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
        for (String spoke : hubB) {
            assertThat(topology.node(spoke).logFile()).content().contains(feed + ": the stored position");
        }
    }

    @Test
    @Order(5)
    void aClusterThatJoinsLateCatchesUpWithTheWholeHistory() throws InterruptedException {
        LoadGenerator traffic = load(cluster -> true, 20);
        traffic.start();
        awaitAnswers(traffic, 60);
        traffic.stop(ChaosRun.CALL_TIMEOUT);

        String joiner = topology.addSpoke("hub-a");
        assertThat(joiner).isEqualTo("cluster-5");
        String phone = "SEP000005000001";
        topology.spoke(joiner).configureDevice(phone, true).requireOk(phone);
        Map<String, List<String>> devices = new LinkedHashMap<>(fleet.devices());
        devices.put(joiner, List.of(phone));
        fleet = new Fleet(fleet.members(), devices);
        Fleet.Member roamer = homedAt("cluster-4").get(2);
        Operation login = record(calls.login(ids.incrementAndGet(), topology.spoke(joiner), joiner, phone, roamer.userId()));
        assertThat(login.outcome()).as("%s", login).isEqualTo(Operation.Outcome.ACKNOWLEDGED);

        assertThat(OwnTopology.quietAndChecked(topology, fleet, model).violations()).isEmpty();
        everySpokeRoutes(roamer, joiner, phone);
        JsonNode audit = topology.spoke(joiner).audit().requireOk(joiner + " audit");
        assertThat(audit.path("origins")).extracting(origin -> origin.path("origin").asText())
                .contains("cluster-1", "cluster-2", "cluster-3", "cluster-4");
    }

    @Test
    @Order(6)
    void aSpokeRestoredFromABackupTakesItsLaterEventsBackNumbersNothingTwiceAndFreesItsPhones() throws IOException {
        String cluster = "cluster-4";
        SpokeClient spoke = topology.spoke(cluster);
        Path backup = Files.createTempDirectory("cluster-4-backup");
        // The load of the earlier tests leaves phones and members busy at random; this test needs both free.
        everyPhoneLoggedOut();
        // Two phones hold logins in the backup: one keeps its login, the other's ends after the backup.
        List<String> free = freeDevices(cluster);
        List<Fleet.Member> inTheBackup = idleMembers(2);
        String keptDevice = free.get(0);
        String leftDevice = free.get(1);
        for (int i = 0; i < 2; i++) {
            Operation held = calls.login(ids.incrementAndGet(), spoke, cluster, free.get(i), inTheBackup.get(i).userId());
            assertThat(held.outcome()).as("%s", held).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
        }
        List<String> freeInTheBackup = freeDevices(cluster);
        topology.stop(cluster);
        copyRecursively(topology.dataDir(cluster), backup);
        topology.start(cluster);
        Operation logout = calls.logout(ids.incrementAndGet(), spoke, cluster, leftDevice);
        assertThat(logout.outcome()).as("%s", logout).isEqualTo(Operation.Outcome.ACKNOWLEDGED);

        // Published after the backup, then lost with the store's tail: the phone's login is gone with it.
        Fleet.Member lostWithTheTail = idleMember();
        String lostDevice = freeInTheBackup.get(0);
        Operation lost = calls.login(ids.incrementAndGet(), spoke, cluster, lostDevice, lostWithTheTail.userId());
        assertThat(lost.outcome()).as("%s", lost).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
        await().atMost(QUIET).until(() -> replication(cluster).path("unpublished").asLong() == 0);
        topology.stop(cluster);
        deleteRecursively(topology.dataDir(cluster));
        copyRecursively(backup, topology.dataDir(cluster));
        topology.start(cluster);

        assertThat(topology.node(cluster).logFile()).content().contains("taking them back from the topic");
        JsonNode audit = spoke.audit().requireOk(cluster + " audit");
        assertThat(audit.path("exactlyOnce").asBoolean()).as("%s", audit).isTrue();
        // The next number is a new one, so every peer takes the next login instead of dropping it as a duplicate.
        Fleet.Member next = idleMember();
        String device = freeInTheBackup.get(1);
        Operation login = calls.login(ids.incrementAndGet(), spoke, cluster, device, next.userId());
        assertThat(login.outcome()).as("%s", login).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
        await().atMost(QUIET).untilAsserted(() -> everySpokeRoutes(next, cluster, device));
        // The login the store lost is ended: its phone no longer knows of it. So is the one the backup's phone held.
        await().atMost(QUIET).untilAsserted(() -> {
            for (String peer : topology.clusterIds()) {
                DnView view = DnView.of(topology.spoke(peer).dn(lostWithTheTail.dn()).requireOk(peer));
                assertThat(view.devices()).as("%s at %s", lostWithTheTail.dn(), peer).doesNotContain(lostDevice);
                DnView kept = DnView.of(topology.spoke(peer).dn(inTheBackup.get(0).dn()).requireOk(peer));
                assertThat(kept.devices()).as("%s at %s", inTheBackup.get(0).dn(), peer).doesNotContain(keptDevice);
            }
        });
        // Both phones that held a login in the backup are free: the restore did not leave them holding a login
        // the directory ended, whether it ended before the restore or with it.
        List<Fleet.Member> after = idleMembers(2);
        for (int i = 0; i < 2; i++) {
            String phone = List.of(keptDevice, leftDevice).get(i);
            Operation again = calls.login(ids.incrementAndGet(), spoke, cluster, phone, after.get(i).userId());
            assertThat(again.outcome()).as("%s on %s", again, phone).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
        }
    }

    /** A member logged in nowhere, by cluster-1's answer. */
    private static Fleet.Member idleMember() {
        return idleMembers(1).get(0);
    }

    private static List<Fleet.Member> idleMembers(int count) {
        List<Fleet.Member> idle = idle().limit(count).toList();
        if (idle.size() < count) {
            throw new IllegalStateException("fewer than " + count + " members are logged in nowhere");
        }
        return idle;
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** Created by us, or already by the hub's next write: either way a topic with a new id. */
    private static boolean created(Admin admin, String topic) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return true;
    }

    private static LoadGenerator load(Predicate<String> clusters, double rate) {
        Map<String, SpokeClient> clients = new LinkedHashMap<>();
        fleet.clusterIds().forEach(cluster -> clients.put(cluster, new SpokeClient(topology.spoke(cluster).baseUrl(),
                SpokeClient.DEFAULT_ADMIN_TOKEN, ChaosRun.CALL_TIMEOUT)));
        return new LoadGenerator(fleet, model, clients, clusters, new Random(7), rate, calls, operation -> {
        }, ids);
    }

    private static void awaitAnswers(LoadGenerator load, int count) {
        await().atMost(Duration.ofMinutes(1)).until(() -> load.operations().size() >= count);
    }

    private static Operation record(Operation operation) {
        model.record(operation);
        return operation;
    }

    private static List<Fleet.Member> homedAt(String cluster) {
        return fleet.members().stream().filter(member -> member.homeCluster().equals(cluster)).toList();
    }

    /** A phone of the cluster nobody is on, by its own answer. */
    private static String freeDevice(String cluster) {
        return freeDevices(cluster).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("every phone of " + cluster + " is taken"));
    }

    private static List<String> freeDevices(String cluster) {
        SpokeClient spoke = topology.spoke(cluster);
        return fleet.devices().get(cluster).stream()
                .filter(phone -> !spoke.device(phone).requireOk(phone).path("userId").isTextual()).toList();
    }

    private static void everyPhoneLoggedOut() {
        for (String cluster : fleet.clusterIds()) {
            List<String> free = freeDevices(cluster);
            for (String phone : fleet.devices().get(cluster)) {
                if (!free.contains(phone)) {
                    Operation logout = record(calls.logout(ids.incrementAndGet(), topology.spoke(cluster), cluster, phone));
                    assertThat(logout.outcome()).as("%s", logout).isEqualTo(Operation.Outcome.ACKNOWLEDGED);
                }
            }
        }
        await().atMost(QUIET).until(() -> idle().count() == fleet.members().size());
    }

    /** Members logged in nowhere, by cluster-1's directory. */
    private static Stream<Fleet.Member> idle() {
        return fleet.members().stream().filter(member -> RoamingModel.NOT_LOGGED_IN.equals(
                DnView.of(topology.spoke("cluster-1").dn(member.dn()).requireOk(member.dn())).state()));
    }

    private static JsonNode replication(String cluster) {
        return topology.spoke(cluster).replication().requireOk(cluster + " replication");
    }

    private static void everySpokeRoutes(Fleet.Member member, String cluster, String device) {
        for (String spoke : topology.clusterIds()) {
            DnView view = DnView.of(topology.spoke(spoke).dn(member.dn()).requireOk(member.dn() + " at " + spoke));
            assertThat(view).as("%s at %s", member.dn(), spoke)
                    .isEqualTo(new DnView(member.dn(), member.userId(), member.homeCluster(), RoamingModel.LOGGED_IN,
                            cluster, List.of(device)));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
