package io.roam.scenarios.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The verdict on a quiet network: each number must be 0 (or 1 for {@code mapDigests}), and
 * {@code violations} says precisely what broke.
 *
 * @param mapDigests        distinct map digests among the spokes
 * @param mapDifferences    (spoke, DN) answers that differ from the first spoke's
 * @param lost              (spoke, user) answers that differ from what the acknowledged calls imply
 * @param usersModelled     users whose state the model predicts
 * @param usersSkipped      users left out of the model because an indeterminate call touched them
 * @param doubleLogins      users on devices of more than one cluster
 * @param strandedDevices   devices whose user disagrees with their own cluster's directory
 * @param pendingLogouts    deferred logouts still listed, summed over the spokes
 * @param duplicates        (spoke, origin) pairs the exactly-once audit rejects
 * @param deadLetters       dead-lettered events on spokes and hubs
 * @param parked            events parked by spokes
 * @param unexpectedAnswers answers no correct spoke gives (see {@link RoamingModel#anomalies()})
 */
public record Checks(int mapDigests, int mapDifferences, int lost, int usersModelled, List<String> usersSkipped,
                     int doubleLogins, int strandedDevices, long pendingLogouts, int duplicates, long deadLetters,
                     long parked, int unexpectedAnswers, List<String> violations) {

    private static final int VIOLATIONS_KEPT = 100;

    public Checks {
        usersSkipped = List.copyOf(usersSkipped);
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    public static Checks evaluate(NetworkSnapshot snapshot, Fleet fleet, RoamingModel model) {
        return new Evaluation(snapshot, fleet, model).run();
    }

    private static final class Evaluation {

        private final NetworkSnapshot snapshot;
        private final Fleet fleet;
        private final RoamingModel model;
        private final List<String> violations = new ArrayList<>();
        private int violationCount;

        Evaluation(NetworkSnapshot snapshot, Fleet fleet, RoamingModel model) {
            this.snapshot = snapshot;
            this.fleet = fleet;
            this.model = model;
        }

        Checks run() {
            List<NetworkSnapshot.SpokeState> read = new ArrayList<>();
            for (NetworkSnapshot.SpokeState spoke : snapshot.spokes()) {
                if (spoke.error() == null) {
                    read.add(spoke);
                } else {
                    violation(spoke.cluster() + " could not be read: " + spoke.error());
                }
            }
            snapshot.hubs().stream().filter(hub -> hub.error() != null)
                    .forEach(hub -> violation(hub.node() + " could not be read: " + hub.error()));
            int digests = digests(read);
            int differences = mapDifferences(read);
            Map<String, RoamingModel.Expected> expected = model.expected(fleet.userIds());
            int lost = lost(read, expected);
            List<String> skipped = fleet.userIds().stream().filter(model.unpredictable()::contains).toList();
            int doubleLogins = doubleLogins(read);
            int stranded = strandedDevices(read);
            long pending = pendingLogouts(read);
            int duplicates = duplicates(read);
            long deadLetters = deadLetters(read);
            long parked = counter(read, "parked");
            model.anomalies().forEach(anomaly -> violation("unexpected answer: " + anomaly));
            return new Checks(digests, differences, lost, expected.size(), skipped, doubleLogins, stranded, pending,
                    duplicates, deadLetters, parked, model.anomalyCount(),
                    violationCount > violations.size()
                            ? append(violations, "… and " + (violationCount - violations.size()) + " more")
                            : violations);
        }

        private int digests(List<NetworkSnapshot.SpokeState> spokes) {
            Map<String, List<String>> byDigest = new TreeMap<>();
            spokes.forEach(spoke -> byDigest.computeIfAbsent(spoke.mapDigest(), d -> new ArrayList<>()).add(spoke.cluster()));
            if (byDigest.size() > 1) {
                violation("map digests differ: " + byDigest);
            }
            return byDigest.size();
        }

        private int mapDifferences(List<NetworkSnapshot.SpokeState> spokes) {
            if (spokes.isEmpty()) {
                return 0;
            }
            NetworkSnapshot.SpokeState reference = spokes.get(0);
            int differences = 0;
            for (NetworkSnapshot.SpokeState spoke : spokes.subList(1, spokes.size())) {
                for (String dn : fleet.dns()) {
                    DnView mine = spoke.dns().get(dn);
                    DnView theirs = reference.dns().get(dn);
                    if (!Objects.equals(mine, theirs)) {
                        differences++;
                        violation("DN " + dn + ": " + reference.cluster() + " says " + describe(theirs) + ", "
                                + spoke.cluster() + " says " + describe(mine));
                    }
                }
            }
            return differences;
        }

        private int lost(List<NetworkSnapshot.SpokeState> spokes, Map<String, RoamingModel.Expected> expected) {
            int lost = 0;
            for (Fleet.Member member : fleet.members()) {
                RoamingModel.Expected wanted = expected.get(member.userId());
                if (wanted == null) {
                    continue;
                }
                for (NetworkSnapshot.SpokeState spoke : spokes) {
                    DnView view = spoke.dns().get(member.dn());
                    if (view == null || !view.matches(wanted) || !member.userId().equals(view.userId())) {
                        lost++;
                        violation(member.userId() + " (DN " + member.dn() + ") should be " + wanted.state()
                                + (wanted.cluster() == null ? "" : " at " + wanted.cluster() + " on " + wanted.devices())
                                + " after the acknowledged calls, but " + spoke.cluster() + " says " + describe(view));
                    }
                }
            }
            return lost;
        }

        /** A user on devices of two clusters at once is what "one cluster at a time" forbids. */
        private int doubleLogins(List<NetworkSnapshot.SpokeState> spokes) {
            Map<String, Set<String>> clustersOfUser = new TreeMap<>();
            for (NetworkSnapshot.SpokeState spoke : spokes) {
                spoke.deviceUsers().forEach((device, user) -> user.ifPresent(
                        id -> clustersOfUser.computeIfAbsent(id, u -> new TreeSet<>()).add(spoke.cluster())));
            }
            int doubles = 0;
            for (Map.Entry<String, Set<String>> entry : clustersOfUser.entrySet()) {
                if (entry.getValue().size() > 1) {
                    doubles++;
                    violation(entry.getKey() + " is on devices of " + entry.getValue());
                }
            }
            return doubles;
        }

        /**
         * Every device's user must be logged in at that cluster on that device in the cluster's own
         * directory, and every device the directory lists there must show that user: otherwise a
         * logout owed by this cluster (a deferred logout) was not carried out, or a login vanished.
         */
        private int strandedDevices(List<NetworkSnapshot.SpokeState> spokes) {
            Map<String, Fleet.Member> byUser = new TreeMap<>();
            fleet.members().forEach(member -> byUser.put(member.userId(), member));
            int stranded = 0;
            for (NetworkSnapshot.SpokeState spoke : spokes) {
                for (Map.Entry<String, Optional<String>> device : spoke.deviceUsers().entrySet()) {
                    Optional<String> user = device.getValue();
                    if (user.isEmpty()) {
                        continue;
                    }
                    Fleet.Member member = byUser.get(user.get());
                    DnView view = member == null ? null : spoke.dns().get(member.dn());
                    if (view == null || !RoamingModel.LOGGED_IN.equals(view.state())
                            || !spoke.cluster().equals(view.cluster()) || !view.devices().contains(device.getKey())) {
                        stranded++;
                        violation(device.getKey() + " at " + spoke.cluster() + " still shows " + user.get()
                                + ", whose DN " + spoke.cluster() + " routes as " + describe(view));
                    }
                }
                for (DnView view : spoke.dns().values()) {
                    if (!RoamingModel.LOGGED_IN.equals(view.state()) || !spoke.cluster().equals(view.cluster())) {
                        continue;
                    }
                    for (String device : view.devices()) {
                        Optional<String> onDevice = spoke.deviceUsers().getOrDefault(device, Optional.empty());
                        if (!onDevice.equals(Optional.ofNullable(view.userId()))) {
                            stranded++;
                            violation(spoke.cluster() + " routes DN " + view.dn() + " to its device " + device
                                    + ", which shows " + onDevice.orElse("nobody"));
                        }
                    }
                }
            }
            return stranded;
        }

        private long pendingLogouts(List<NetworkSnapshot.SpokeState> spokes) {
            long total = 0;
            for (NetworkSnapshot.SpokeState spoke : spokes) {
                long pending = spoke.replication().path("pendingLogouts").path("total").asLong();
                if (pending != 0) {
                    violation(spoke.cluster() + " still lists " + pending + " pending logout(s)");
                }
                total += pending;
            }
            return total;
        }

        private int duplicates(List<NetworkSnapshot.SpokeState> spokes) {
            int duplicates = 0;
            for (NetworkSnapshot.SpokeState spoke : spokes) {
                for (JsonNode origin : spoke.audit().path("origins")) {
                    if (!origin.path("exactlyOnce").asBoolean()) {
                        duplicates++;
                        violation(spoke.cluster() + " applied " + origin.path("origin").asText() + " not exactly once: " + origin);
                    }
                }
                JsonNode audit = spoke.audit();
                if (audit.path("outboxEvents").asLong() != audit.path("outboxMaxSeq").asLong()) {
                    duplicates++;
                    violation(spoke.cluster() + "'s outbox has " + audit.path("outboxEvents").asLong() + " events up to sequence "
                            + audit.path("outboxMaxSeq").asLong());
                }
            }
            return duplicates;
        }

        private long deadLetters(List<NetworkSnapshot.SpokeState> spokes) {
            long total = counter(spokes, "deadLettered");
            for (NetworkSnapshot.HubState hub : snapshot.hubs()) {
                if (hub.status() != null) {
                    long dead = hub.status().path("deadLettered").asLong();
                    if (dead != 0) {
                        violation(hub.node() + " dead-lettered " + dead + " record(s) of valid traffic");
                    }
                    total += dead;
                }
            }
            return total;
        }

        private long counter(List<NetworkSnapshot.SpokeState> spokes, String field) {
            long total = 0;
            for (NetworkSnapshot.SpokeState spoke : spokes) {
                long value = spoke.replication().path(field).asLong();
                if (value != 0) {
                    violation(spoke.cluster() + " has " + field + " " + value + " event(s) of valid traffic");
                }
                total += value;
            }
            return total;
        }

        private static String describe(DnView view) {
            return view == null ? "nothing" : view.toString();
        }

        private void violation(String text) {
            violationCount++;
            if (violations.size() < VIOLATIONS_KEPT) {
                violations.add(text);
            }
        }

        private static List<String> append(List<String> list, String last) {
            List<String> all = new ArrayList<>(list);
            all.add(last);
            return all;
        }
    }
}
