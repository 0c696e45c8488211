package io.roam.spoke.directory;

import io.roam.events.HybridLogicalClock;
import io.roam.events.LoginMode;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convergence that does not trust the happy path. Each history is generated from a seed
 * (jqwik prints it on failure): several users and clusters, roaming and EMCC logins mixed,
 * logouts, superuser changes, DN moves, deletions; deliveries reordered, duplicated and delayed;
 * clusters down for a while; skewed clocks; restarts that rebuild the directory from the
 * cluster's store. Every cluster reacts as a spoke does, ending its own superseded logins. After
 * quiescence every directory must be identical and nobody logged in at two clusters.
 */
class ConvergenceProperties {

    @Property(tries = 2000)
    void every_cluster_ends_with_the_same_directory(@ForAll long seed) {
        Network network = new Network(new Random(seed), 4 + new Random(seed).nextInt(3));
        network.run(150);
        network.quiesce();

        Cluster first = network.clusters.get(0);
        for (Cluster cluster : network.clusters) {
            assertThat(cluster.directory.snapshot()).isEqualTo(first.directory.snapshot());
            assertThat(cluster.directory.mapDigest()).isEqualTo(first.directory.mapDigest());
            assertThat(cluster.directory.pendingLogoutCount()).as("pending logouts at " + cluster.id).isZero();
            for (String user : Network.USERS) {
                assertThat(cluster.directory.clustersWithLiveLogins(user)).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    @Property(tries = 300)
    void a_directory_rebuilt_from_its_store_equals_the_live_one(@ForAll long seed) {
        Network network = new Network(new Random(seed), 4);
        network.run(100);

        for (Cluster cluster : network.clusters) {
            RoamingDirectory rebuilt = new RoamingDirectory(cluster.id);
            cluster.store.forEach(rebuilt::apply);
            assertThat(rebuilt.snapshot()).isEqualTo(cluster.directory.snapshot());
            assertThat(rebuilt.mapDigest()).isEqualTo(cluster.directory.mapDigest());
            assertThat(cluster.directory.owedByLocalClusterCount()).as("logouts %s owes", cluster.id)
                    .isEqualTo(cluster.directory.owedByLocalCluster().size())
                    .isEqualTo(rebuilt.owedByLocalClusterCount());
        }
    }

    private static final class Cluster {
        final String id;
        final long skew;
        final HybridLogicalClock clock;
        RoamingDirectory directory;
        final List<Object> store = new ArrayList<>();
        final Set<Object> seen = new HashSet<>();
        boolean up = true;
        int nextLogin;

        Cluster(String id, long skew, Network network) {
            this.id = id;
            this.skew = skew;
            this.clock = new HybridLogicalClock(() -> network.now + skew);
            this.directory = new RoamingDirectory(id);
        }
    }

    private static final class Network {
        static final List<String> USERS = List.of("bob", "alice", "kally", "dave", "erin");
        static final List<String> DN_POOL = List.of("1000001", "1000002", "2000001", "2000002", "3000001",
                "3000002", "4000001", "5000001");

        final Random random;
        final List<Cluster> clusters = new ArrayList<>();
        final Map<String, Cluster> homes = new HashMap<>();
        /** In flight: an event on its way to one cluster. */
        final List<Delivery> inFlight = new ArrayList<>();
        long now = 1_700_000_000_000L;

        record Delivery(Object event, Cluster to) {
        }

        Network(Random random, int clusterCount) {
            this.random = random;
            for (int i = 1; i <= clusterCount; i++) {
                clusters.add(new Cluster("cluster-" + i, random.nextInt(4001) - 2000, this));
            }
            for (String user : USERS) {
                homes.put(user, clusters.get(random.nextInt(clusters.size())));
            }
        }

        void run(int steps) {
            for (int step = 0; step < steps; step++) {
                now += random.nextInt(50);
                int dice = random.nextInt(100);
                if (dice < 10) {
                    provision();
                } else if (dice < 13) {
                    remove();
                } else if (dice < 38) {
                    login();
                } else if (dice < 50) {
                    logout();
                } else if (dice < 55) {
                    toggle();
                } else if (dice < 58) {
                    restart();
                } else {
                    deliverOne(true);
                }
            }
        }

        void quiesce() {
            clusters.forEach(c -> c.up = true);
            clusters.forEach(this::sweepOwed);
            while (!inFlight.isEmpty()) {
                deliverOne(false);
                if (inFlight.isEmpty()) {
                    clusters.forEach(this::sweepOwed);
                }
            }
        }

        private void provision() {
            String user = pick(USERS);
            Cluster home = homes.get(user);
            if (!home.up) {
                return;
            }
            List<String> dns = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                String dn = pick(DN_POOL);
                if (!dns.contains(dn)) {
                    dns.add(dn);
                }
            }
            originate(home, new UserProvisioned(user, home.id, dns, random.nextInt(4) > 0, null, "h", home.clock.tick()));
        }

        private void remove() {
            String user = pick(USERS);
            Cluster home = homes.get(user);
            if (home.up) {
                originate(home, new UserRemoved(user, home.id, home.clock.tick()));
            }
        }

        private void login() {
            Cluster at = pick(clusters);
            if (at.up) {
                String loginId = at.id + "-login-" + (++at.nextLogin);
                String user = pick(USERS);
                // A third of the logins are EMCC: recorded here, registered at the user's home, with or without a pool.
                boolean emcc = random.nextInt(3) == 0;
                originate(at, new UserLoggedIn(loginId, user, at.id, "SEP-" + loginId, at.clock.tick(),
                        emcc ? LoginMode.EMCC : LoginMode.ROAMING, emcc ? homes.get(user).id : null,
                        random.nextBoolean() ? "pool-" + random.nextInt(2) : null));
            }
        }

        private void logout() {
            Cluster at = pick(clusters);
            if (!at.up) {
                return;
            }
            List<Login> mine = new ArrayList<>();
            for (String user : USERS) {
                mine.addAll(at.directory.liveLoginsAt(user, at.id));
            }
            if (!mine.isEmpty()) {
                Login l = pick(mine);
                originate(at, new UserLoggedOut(l.loginId(), l.userId(), at.id, l.device(), LogoutReason.USER, null,
                        at.clock.tick()));
            }
        }

        private void toggle() {
            Cluster c = pick(clusters);
            c.up = !c.up;
            if (c.up) {
                sweepOwed(c);
            }
        }

        /** A restart rebuilds the directory from the store alone and must change nothing. */
        private void restart() {
            Cluster c = pick(clusters);
            RoamingDirectory rebuilt = new RoamingDirectory(c.id);
            c.store.forEach(rebuilt::apply);
            assertThat(rebuilt.mapDigest()).isEqualTo(c.directory.mapDigest());
            c.directory = rebuilt;
            sweepOwed(c);
        }

        private void deliverOne(boolean mayDuplicate) {
            List<Integer> ready = new ArrayList<>();
            for (int i = 0; i < inFlight.size(); i++) {
                if (inFlight.get(i).to.up) {
                    ready.add(i);
                }
            }
            if (ready.isEmpty()) {
                return;
            }
            int index = pick(ready);
            Delivery d = mayDuplicate && random.nextInt(10) == 0 ? inFlight.get(index) : inFlight.remove(index);
            receive(d.to, d.event);
        }

        private void receive(Cluster c, Object event) {
            c.clock.observe(hlcOf(event));
            if (!c.seen.add(event)) {
                // the applier drops what it has by (origin, sequence); the directory must not care either way
                react(c, c.directory.apply(event));
                return;
            }
            c.store.add(event);
            react(c, c.directory.apply(event));
        }

        private void originate(Cluster c, Object event) {
            c.seen.add(event);
            c.store.add(event);
            List<OwedLogout> owed = c.directory.apply(event);
            for (Cluster other : clusters) {
                if (other != c) {
                    inFlight.add(new Delivery(event, other));
                }
            }
            react(c, owed);
        }

        /** What OwnLogouts does: end each of this cluster's owed logins, once, if the cluster is up. */
        private void react(Cluster c, List<OwedLogout> owed) {
            if (!c.up) {
                return;
            }
            for (OwedLogout o : owed) {
                boolean stillOpen = c.directory.owedByLocalCluster().contains(o);
                if (stillOpen) {
                    originate(c, new UserLoggedOut(o.loginId(), o.userId(), c.id, o.device(), o.reason(),
                            o.supersededBy(), c.clock.tick()));
                }
            }
        }

        private void sweepOwed(Cluster c) {
            react(c, c.directory.owedByLocalCluster());
        }

        private static long hlcOf(Object event) {
            if (event instanceof io.roam.events.RoamingEvent e) {
                return e.hlc();
            }
            return 0;
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }
    }
}
