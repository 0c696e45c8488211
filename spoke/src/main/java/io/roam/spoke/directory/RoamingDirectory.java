package io.roam.spoke.directory;

import io.roam.events.ClusterAnnounced;
import io.roam.events.ClusterRetired;
import io.roam.events.HybridLogicalClock;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The replicated DN → cluster directory, built from events alone, in any order of arrival.
 *
 * <p>Each user's sessions are two grow-only sets, the logins ever seen and the logins ever
 * ended; a login is superseded when a login of the same user at another cluster ranks higher
 * by (hlc, cluster). User definitions and DN claims are last-writer-wins by the same rank.
 * Because every rule is a function of sets and maxima, every spoke that has seen the same
 * events holds the same directory, whatever order they came in.
 *
 * <p>Writers are serialized; readers get immutable {@link DnEntry} values from a concurrent map
 * without locking. A million users must fit in a small heap, so per-user state is allocated only
 * when a user has sessions (a user who never logged in is kept as a bare definition), cluster
 * ids are shared instances, and the answer for a DN whose owner never logged in is built on
 * lookup from the owner's definition rather than kept.
 */
public final class RoamingDirectory {

    private final String localCluster;
    /** A user's {@link Definition} alone until a login or logout of theirs is seen, then their {@link UserRecord}. */
    private final Map<String, Object> users = new ConcurrentHashMap<>();
    private final DnIndex dns = new DnIndex();
    private final ClusterRegistry clusters = new ClusterRegistry();
    /** This cluster's logins that are not ended, for the maximum login time. */
    private final Map<String, Login> localOpen = new ConcurrentHashMap<>();
    private final RecentMoves moves = new RecentMoves();
    private volatile int pendingTotal;
    /** Kept as users change, so that watching it costs nothing at a million users. */
    private volatile int owedTotal;
    /** Told, during {@link #apply(Object, Consumer)}, of each DN whose routing answer the event changed. */
    private Consumer<String> routingChanged = dn -> { };

    public RoamingDirectory(String localCluster) {
        this.localCluster = localCluster;
    }

    public String localCluster() {
        return localCluster;
    }

    // ---- reads: lock-free ----

    public Optional<DnEntry> lookup(String dn) {
        return Optional.ofNullable(dns.entry(dn));
    }

    public Optional<UserView> user(String userId) {
        Definition d = definitionOf(users.get(userId));
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new UserView(userId, d.homeCluster(), d.dns(), d.superuser(), d.emcc(), d.selfServiceId(), d.removed()));
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
        if (!(users.get(userId) instanceof UserRecord user)) {
            return List.of();
        }
        return user.live(clusters).stream().filter(l -> l.cluster().equals(cluster)).toList();
    }

    /** The clusters where the user has live logins: never more than one. */
    public synchronized Set<String> clustersWithLiveLogins(String userId) {
        if (!(users.get(userId) instanceof UserRecord user)) {
            return Set.of();
        }
        Set<String> where = new HashSet<>();
        user.live(clusters).forEach(l -> where.add(l.cluster()));
        return where;
    }

    public List<RoamingMove> recentMoves() {
        return moves.newestFirst();
    }

    public synchronized List<PendingLogout> pendingLogouts() {
        List<PendingLogout> all = new ArrayList<>();
        for (Object each : users.values()) {
            if (each instanceof UserRecord user && user.pendingCount > 0) {
                all.addAll(user.pending(clusters));
            }
        }
        return all;
    }

    /** Every login of this cluster that this cluster still has to end. */
    public synchronized List<OwedLogout> owedByLocalCluster() {
        List<OwedLogout> owed = new ArrayList<>();
        for (Object each : users.values()) {
            if (each instanceof UserRecord user) {
                owed.addAll(user.owedBy(localCluster, clusters));
            }
        }
        return owed;
    }

    // ---- writes ----

    /**
     * Applies one fact. Returns the logins this cluster now owes a logout for because of it,
     * so the caller can end them: each cluster ends only its own logins.
     */
    public synchronized List<OwedLogout> apply(Object event) {
        return apply(event, dn -> { });
    }

    /**
     * The same, also naming each DN whose routing answer (target, whether logged in, the target's
     * route string, or whether the DN exists at all) the event changed. A DN may be named twice.
     */
    public synchronized List<OwedLogout> apply(Object event, Consumer<String> routingChanged) {
        this.routingChanged = routingChanged;
        try {
            return applyOne(event);
        } finally {
            this.routingChanged = dn -> { };
        }
    }

    private List<OwedLogout> applyOne(Object event) {
        if (event instanceof UserProvisioned e) {
            return define(Definition.of(e.userId(), e.dns(), e.superuser(), e.emcc(), e.selfServiceId(),
                    clusters.name(e.homeCluster()), e.hlc(), false));
        } else if (event instanceof UserRemoved e) {
            return define(Definition.of(e.userId(), List.of(), false, false, null,
                    clusters.name(e.homeCluster()), e.hlc(), true));
        } else if (event instanceof UserLoggedIn e) {
            UserRecord user = record(e.userId());
            Login login = new Login(e.loginId(), e.userId(), clusters.name(e.cluster()), e.device(), e.hlc(), e.mode(),
                    e.registrationCluster() == null ? null : clusters.name(e.registrationCluster()), e.devicePool());
            user.seeLogin(login);
            if (localCluster.equals(e.cluster()) && user.isOpen(e.loginId())) {
                localOpen.put(e.loginId(), login);
            }
            return refreshUser(user);
        } else if (event instanceof UserLoggedOut e) {
            UserRecord user = record(e.userId());
            user.seeLogout(e);
            localOpen.remove(e.loginId());
            return refreshUser(user);
        } else if (event instanceof ClusterRetired e) {
            return retire(e);
        } else if (event instanceof ClusterAnnounced e) {
            if (clusters.announce(e)) {
                routeStringChanged(e.cluster());
            }
        }
        return List.of();
    }

    /**
     * Every DN routed to the cluster, or whose phone stands there or takes a device pool of it, now
     * has another route string or emergency route: rare, so a scan is fine.
     */
    private void routeStringChanged(String cluster) {
        dns.forEachEntry(entry -> {
            if (entry.target().equals(cluster) || cluster.equals(entry.cluster())
                    || cluster.equals(entry.devicePoolCluster())) {
                routingChanged.accept(entry.dn());
            }
        });
    }

    private List<OwedLogout> retire(ClusterRetired e) {
        if (!clusters.retire(e)) {
            return List.of();
        }
        List<OwedLogout> owed = new ArrayList<>();
        for (Object each : users.values()) {
            if (each instanceof UserRecord user && user.hasOpenLoginAt(e.cluster())) {
                owed.addAll(refreshUser(user));
            }
        }
        return owed;
    }

    private List<OwedLogout> define(Definition definition) {
        Set<String> touched = new LinkedHashSet<>();
        for (String dn : definition.dns()) {
            if (dns.claim(dn, definition)) {
                touched.add(dn);
            }
        }
        Object user = users.get(definition.userId());
        Definition previous = definitionOf(user);
        if (definition.outranks(previous)) {
            if (user instanceof UserRecord record) {
                record.definition = definition;
            } else {
                users.put(definition.userId(), definition);
            }
            dns.reindex(previous, definition);
            if (previous != null) {
                touched.addAll(previous.dns());
            }
            touched.addAll(definition.dns());
        }
        touched.forEach(this::refreshDn);
        return user instanceof UserRecord record ? owedBy(record) : List.of();
    }

    /** The user's record, made from their bare definition (if any) at their first login or logout. */
    private UserRecord record(String userId) {
        Object user = users.get(userId);
        if (user instanceof UserRecord record) {
            return record;
        }
        UserRecord record = new UserRecord(userId, (Definition) user);
        users.put(userId, record);
        return record;
    }

    private static Definition definitionOf(Object user) {
        return user instanceof UserRecord record ? record.definition : (Definition) user;
    }

    private List<OwedLogout> refreshUser(UserRecord user) {
        noteMove(user);
        int before = user.pendingCount;
        user.pendingCount = user.pending(clusters).size();
        pendingTotal += user.pendingCount - before;
        Definition d = user.definition;
        if (d != null) {
            d.dns().forEach(this::refreshDn);
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
        String now = live.isEmpty() ? null : live.get(0).cluster();
        String before = user.liveCluster;
        user.liveCluster = now;
        if (now != null && !now.equals(before)) {
            moves.moved(user.userId, before, UserRecord.newest(live));
        }
    }

    /** Recomputes one DN's answer from its winning claim and its owner's sessions. */
    private void refreshDn(String dn) {
        Definition claim = dns.claimOf(dn);
        if (claim == null) {
            return;
        }
        Object owner = users.get(claim.userId());
        Definition owners = definitionOf(owner);
        boolean rerouted;
        if (owners == null || owners.removed() || !owners.lists(dn)) {
            rerouted = dns.answer(dn, null);
        } else if (owner instanceof UserRecord record) {
            rerouted = dns.answer(dn, record.entryFor(dn, clusters));
        } else {
            rerouted = dns.answerHome(dn, owners);
        }
        if (rerouted) {
            routingChanged.accept(dn);
        }
    }
}
