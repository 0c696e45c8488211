package io.roam.spoke.directory;

import io.roam.events.ClusterAnnounced;
import io.roam.events.ClusterRetired;
import io.roam.events.EmccLoginRefused;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The replicated DN → cluster directory, built from events alone, in any order of arrival.
 *
 * <p>Each user's sessions are two grow-only sets, the logins ever seen and the logins ever
 * ended; a login is superseded when a login of the same user at another cluster ranks higher
 * by (hlc, cluster). User definitions and DN claims are last-writer-wins by the same rank.
 * Because every rule is a function of sets and maxima, every spoke that has seen the same
 * events holds the same directory, whatever order they came in.
 *
 * <p>The rules are here and, for one user's sessions, in {@link UserRecord}. A million users
 * must fit in a small heap, so {@link Users} and {@link DnIndex} keep users and DNs packed;
 * {@link ClusterRegistry} keeps the clusters and {@link RecentMoves} what operators watch.
 * Writers are serialized; readers get immutable {@link DnEntry} values without locking.
 */
public final class RoamingDirectory {

    /** Where the changed DNs go when nobody asked for them: an announcement may change every DN of its cluster. */
    private static final Collection<String> UNCOLLECTED = new AbstractCollection<>() {
        @Override
        public boolean add(String dn) {
            return true;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    private final String localCluster;
    private final Users users = new Users();
    private final DnIndex dns = new DnIndex();
    private final ClusterRegistry clusters = new ClusterRegistry();
    /** This cluster's logins that are not ended, for the maximum login time. */
    private final Map<String, Login> localOpen = new ConcurrentHashMap<>();
    private final RecentMoves moves = new RecentMoves();
    /** Totals kept as users change, so that watching them costs nothing at a million users. */
    private volatile int pendingTotal;
    private volatile int owedTotal;

    public RoamingDirectory(String localCluster) {
        this.localCluster = localCluster;
    }

    public String localCluster() {
        return localCluster;
    }

    // ---- the rules: one event at a time ----

    /**
     * Applies one fact. Returns the logins this cluster now owes a logout for because of it,
     * so the caller can end them: each cluster ends only its own logins.
     */
    public List<OwedLogout> apply(Object event) {
        return apply(event, UNCOLLECTED);
    }

    /**
     * The same, also adding to {@code changedDns} each DN whose routing answer (target, whether
     * logged in, the target's route string, or whether the DN exists at all) the event changed.
     * A DN may be added twice.
     */
    public synchronized List<OwedLogout> apply(Object event, Collection<String> changedDns) {
        if (event instanceof UserProvisioned e) {
            return define(Definition.of(e.userId(), e.dns(), e.superuser(), e.emcc(), e.selfServiceId(),
                    clusters.name(e.homeCluster()), e.hlc(), false), changedDns);
        } else if (event instanceof UserRemoved e) {
            return define(Definition.of(e.userId(), List.of(), false, false, null,
                    clusters.name(e.homeCluster()), e.hlc(), true), changedDns);
        } else if (event instanceof UserLoggedIn e) {
            UserRecord user = users.record(e.userId());
            Login login = new Login(e.loginId(), e.userId(), clusters.name(e.cluster()), e.device(), e.hlc(),
                    e.mode(), clusters.name(e.registrationCluster()), e.devicePool());
            user.seeLogin(login);
            if (localCluster.equals(e.cluster()) && user.isOpen(e.loginId())) {
                localOpen.put(e.loginId(), login);
            }
            return refreshUser(user, changedDns);
        } else if (event instanceof UserLoggedOut e) {
            UserRecord user = users.record(e.userId());
            user.seeLogout(e);
            localOpen.remove(e.loginId());
            return refreshUser(user, changedDns);
        } else if (event instanceof EmccLoginRefused e) {
            UserRecord user = users.record(e.userId());
            user.seeRefusal(e.loginId(), clusters.name(e.homeCluster()));
            return refreshUser(user, changedDns);
        } else if (event instanceof ClusterRetired e && clusters.retire(e)) {
            return refreshUsersAt(e.cluster(), changedDns);
        } else if (event instanceof ClusterAnnounced e && clusters.announce(e)) {
            routeStringChanged(e.cluster(), changedDns);
        }
        return List.of();
    }

    private List<OwedLogout> define(Definition definition, Collection<String> changed) {
        Set<String> touched = new LinkedHashSet<>();
        for (String dn : definition.dns()) {
            if (dns.claim(dn, definition)) {
                touched.add(dn);
            }
        }
        Definition previous = users.definition(definition.userId());
        if (definition.outranks(previous)) {
            users.define(definition);
            dns.reindex(previous, definition);
            if (previous != null) {
                touched.addAll(previous.dns());
            }
            touched.addAll(definition.dns());
        }
        touched.forEach(dn -> refreshDn(dn, changed));
        UserRecord record = users.recordOf(definition.userId());
        return record == null ? List.of() : owedBy(record);
    }

    /** The cluster was retired: its users' logins from before that are over. */
    private List<OwedLogout> refreshUsersAt(String cluster, Collection<String> changed) {
        List<OwedLogout> owed = new ArrayList<>();
        users.records().filter(user -> user.hasOpenLoginAt(cluster))
                .forEach(user -> owed.addAll(refreshUser(user, changed)));
        return owed;
    }

    /**
     * Every DN routed to the cluster, or whose phone stands there or takes a device pool of it, now
     * has another route string or emergency route: rare, so a scan is fine.
     */
    private void routeStringChanged(String cluster, Collection<String> changed) {
        dns.forEachEntry(entry -> {
            if (entry.target().equals(cluster) || cluster.equals(entry.cluster())
                    || cluster.equals(entry.devicePoolCluster())) {
                changed.add(entry.dn());
            }
        });
    }

    private List<OwedLogout> refreshUser(UserRecord user, Collection<String> changed) {
        noteMove(user);
        int before = user.pendingCount;
        user.pendingCount = user.pending(clusters).size();
        pendingTotal += user.pendingCount - before;
        if (user.definition != null) {
            user.definition.dns().forEach(dn -> refreshDn(dn, changed));
        }
        return owedBy(user);
    }

    private List<OwedLogout> owedBy(UserRecord user) {
        List<OwedLogout> owed = user.owedBy(localCluster, clusters);
        owedTotal += owed.size() - user.owedCount;
        user.owedCount = owed.size();
        return owed;
    }

    private void noteMove(UserRecord user) {
        List<Login> live = user.live(clusters);
        String before = user.liveCluster;
        user.liveCluster = live.isEmpty() ? null : live.get(0).cluster();
        if (user.liveCluster != null && !user.liveCluster.equals(before)) {
            moves.moved(user.userId, before, UserRecord.newest(live));
        }
    }

    /** Recomputes one DN's answer from its winning claim and its owner's sessions. */
    private void refreshDn(String dn, Collection<String> changed) {
        Definition claim = dns.claimOf(dn);
        if (claim == null) {
            return;
        }
        Definition owners = users.definition(claim.userId());
        boolean rerouted;
        if (owners == null || owners.removed() || !owners.lists(dn)) {
            rerouted = dns.answer(dn, null);
        } else {
            UserRecord owner = users.recordOf(claim.userId());
            rerouted = owner == null ? dns.answerHome(dn, owners) : dns.answer(dn, owner.entryFor(dn, clusters));
        }
        if (rerouted) {
            changed.add(dn);
        }
    }

    // ---- reads ----

    public Optional<DnEntry> lookup(String dn) {
        return Optional.ofNullable(dns.entry(dn));
    }

    public Optional<UserView> user(String userId) {
        Definition d = users.definition(userId);
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new UserView(userId, d.homeCluster(), d.dns(), d.superuser(), d.emcc(), d.selfServiceId(),
                d.removed()));
    }

    public Set<String> usersWithPrimaryDn(String dn) {
        return dns.usersWithPrimaryDn(dn);
    }

    public Set<String> usersWithSelfServiceId(String selfServiceId) {
        return dns.usersWithSelfServiceId(selfServiceId);
    }

    public Optional<ClusterInfo> cluster(String clusterId) {
        return clusters.get(clusterId);
    }

    public Collection<ClusterInfo> clusters() {
        return clusters.all();
    }

    public synchronized boolean isRetired(String clusterId) {
        return clusters.isRetired(clusterId);
    }

    /** This cluster's logins not yet ended, live or superseded. */
    public Collection<Login> openLocalLogins() {
        return List.copyOf(localOpen.values());
    }

    public int size() {
        return dns.size();
    }

    public int pendingLogoutCount() {
        return pendingTotal;
    }

    /** How many logins this cluster still has to end: the size of {@link #owedByLocalCluster()}. */
    public int owedByLocalClusterCount() {
        return owedTotal;
    }

    /** Order-independent hash of every DN's routing facts: equal digests, equal directories. */
    public synchronized String mapDigest() {
        return dns.digest();
    }

    /** The whole map, sorted by DN: for comparing two spokes when digests differ. */
    public List<DnEntry> snapshot() {
        List<DnEntry> all = new ArrayList<>(dns.size());
        dns.forEachEntry(all::add);
        all.sort(Comparator.comparing(DnEntry::dn));
        return all;
    }

    /** Live logins of a user at one cluster (for Multiple Login Behavior). */
    public synchronized List<Login> liveLoginsAt(String userId, String cluster) {
        UserRecord user = users.recordOf(userId);
        return user == null ? List.of()
                : user.live(clusters).stream().filter(l -> l.cluster().equals(cluster)).toList();
    }

    /** The clusters where the user has live logins: never more than one. */
    public synchronized Set<String> clustersWithLiveLogins(String userId) {
        UserRecord user = users.recordOf(userId);
        return user == null ? Set.of() : user.live(clusters).stream().map(Login::cluster).collect(Collectors.toSet());
    }

    public List<RoamingMove> recentMoves() {
        return moves.newestFirst();
    }

    public synchronized List<PendingLogout> pendingLogouts() {
        List<PendingLogout> all = new ArrayList<>();
        users.records().filter(user -> user.pendingCount > 0).forEach(user -> all.addAll(user.pending(clusters)));
        return all;
    }

    /** Every login of this cluster that this cluster still has to end. */
    public synchronized List<OwedLogout> owedByLocalCluster() {
        List<OwedLogout> owed = new ArrayList<>();
        users.records().forEach(user -> owed.addAll(user.owedBy(localCluster, clusters)));
        return owed;
    }
}
