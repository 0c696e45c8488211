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
 * <p>Writers are serialized; readers get precomputed immutable {@link DnEntry} values from a
 * concurrent map without locking. A million users must fit in a small heap, so per-user
 * state is allocated only when a user has sessions, and cluster ids are shared instances.
 */
public final class RoamingDirectory {

    private static final int MOVES_KEPT = 50;

    private final String localCluster;
    private final Map<String, UserRecord> users = new ConcurrentHashMap<>();
    private final Map<String, Claim> claims = new HashMap<>();
    private final Map<String, DnEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, ClusterInfo> clusters = new ConcurrentHashMap<>();
    /** Retired clusters and when: their logins from before that moment are over. */
    private final Map<String, Long> retiredAt = new HashMap<>();
    /** This cluster's logins that are not ended, for the maximum login time. */
    private final Map<String, Login> localOpen = new ConcurrentHashMap<>();
    private final Map<String, String[]> usersByPrimaryDn = new ConcurrentHashMap<>();
    private final Map<String, String[]> usersBySelfServiceId = new ConcurrentHashMap<>();
    /** One instance per cluster id, however many events spelled it. */
    private final Map<String, String> clusterNames = new HashMap<>();
    /** The latest moves, newest first, for operators watching roaming happen. */
    private final Deque<RoamingMove> moves = new ArrayDeque<>();
    private long digestSum;
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
        return Optional.ofNullable(entries.get(dn));
    }

    public Optional<UserView> user(String userId) {
        UserRecord user = users.get(userId);
        Definition d = user == null ? null : user.definition;
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new UserView(userId, d.homeCluster, d.dns, d.superuser, d.selfServiceId, d.removed));
    }

    public Set<String> usersWithPrimaryDn(String dn) {
        return Set.of(usersByPrimaryDn.getOrDefault(dn, new String[0]));
    }

    public Set<String> usersWithSelfServiceId(String selfServiceId) {
        return Set.of(usersBySelfServiceId.getOrDefault(selfServiceId, new String[0]));
    }

    public Optional<ClusterInfo> cluster(String clusterId) {
        return Optional.ofNullable(clusters.get(clusterId));
    }

    public Collection<ClusterInfo> clusters() {
        return List.copyOf(clusters.values());
    }

    public synchronized boolean isRetired(String clusterId) {
        return retiredAt.containsKey(clusterId);
    }

    /** This cluster's logins not yet ended, live or superseded. */
    public Collection<Login> openLocalLogins() {
        return List.copyOf(localOpen.values());
    }

    public int size() {
        return entries.size();
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
        return Long.toHexString(digestSum) + "-" + entries.size();
    }

    /** The whole map, sorted by DN: for comparing two spokes when digests differ. */
    public List<DnEntry> snapshot() {
        List<DnEntry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparing(DnEntry::dn));
        return all;
    }

    /** Live logins of a user at one cluster (for Multiple Login Behavior). */
    public synchronized List<Login> liveLoginsAt(String userId, String cluster) {
        UserRecord user = users.get(userId);
        if (user == null) {
            return List.of();
        }
        return user.live().stream().filter(l -> l.cluster().equals(cluster)).toList();
    }

    /** The clusters where the user has live logins: never more than one. */
    public synchronized Set<String> clustersWithLiveLogins(String userId) {
        UserRecord user = users.get(userId);
        if (user == null) {
            return Set.of();
        }
        Set<String> where = new HashSet<>();
        user.live().forEach(l -> where.add(l.cluster()));
        return where;
    }

    public List<RoamingMove> recentMoves() {
        synchronized (moves) {
            return List.copyOf(moves);
        }
    }

    public synchronized List<PendingLogout> pendingLogouts() {
        List<PendingLogout> all = new ArrayList<>();
        for (UserRecord user : users.values()) {
            if (user.pendingCount > 0) {
                all.addAll(user.pending());
            }
        }
        return all;
    }

    /** Every login of this cluster that this cluster still has to end. */
    public synchronized List<OwedLogout> owedByLocalCluster() {
        List<OwedLogout> owed = new ArrayList<>();
        for (UserRecord user : users.values()) {
            if (user.open != null) {
                owed.addAll(user.owedBy(localCluster));
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
            return define(e.userId(), new Definition(List.copyOf(e.dns()), e.superuser(), e.selfServiceId(),
                    clusterName(e.homeCluster()), new Rank(e.hlc(), clusterName(e.homeCluster())), false));
        } else if (event instanceof UserRemoved e) {
            return define(e.userId(), new Definition(List.of(), false, null, clusterName(e.homeCluster()),
                    new Rank(e.hlc(), clusterName(e.homeCluster())), true));
        } else if (event instanceof UserLoggedIn e) {
            UserRecord user = record(e.userId());
            Login login = new Login(e.loginId(), e.userId(), clusterName(e.cluster()), e.device(), e.hlc());
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
            ClusterInfo before = clusters.get(e.cluster());
            ClusterInfo after = clusters.merge(e.cluster(),
                    new ClusterInfo(clusterName(e.cluster()), e.hub(), e.routeString(), e.hlc()),
                    (old, neu) -> neu.hlc() >= old.hlc() ? neu : old);
            if (before == null || !Objects.equals(before.routeString(), after.routeString())) {
                routeStringChanged(e.cluster());
            }
        }
        return List.of();
    }

    /** Every DN routed to the cluster now has another route string: rare, so a scan is fine. */
    private void routeStringChanged(String cluster) {
        for (DnEntry entry : entries.values()) {
            if (entry.target().equals(cluster)) {
                routingChanged.accept(entry.dn());
            }
        }
    }

    private List<OwedLogout> retire(ClusterRetired e) {
        if (e.hlc() <= retiredAt.getOrDefault(e.cluster(), Long.MIN_VALUE)) {
            return List.of();
        }
        retiredAt.put(clusterName(e.cluster()), e.hlc());
        List<OwedLogout> owed = new ArrayList<>();
        for (UserRecord user : users.values()) {
            if (user.open != null && user.open.values().stream().anyMatch(l -> l.cluster().equals(e.cluster()))) {
                owed.addAll(refreshUser(user));
            }
        }
        return owed;
    }

    private List<OwedLogout> define(String userId, Definition definition) {
        UserRecord user = record(userId);
        Set<String> touched = new LinkedHashSet<>();
        // A DN's claim is the highest-ranked definition that ever listed it, even one its own
        // user has since replaced: that is the tombstone that keeps DN moves order-independent.
        for (String dn : definition.dns) {
            Claim claim = claims.get(dn);
            if (claim == null || definition.rank.outranks(claim.rank)) {
                claims.put(dn, new Claim(userId, definition.rank));
                touched.add(dn);
            }
        }
        Definition previous = user.definition;
        if (definition.rank.outranks(previous == null ? null : previous.rank)) {
            user.definition = definition;
            unindex(userId, previous);
            index(userId, definition);
            if (previous != null) {
                touched.addAll(previous.dns);
            }
            touched.addAll(definition.dns);
        }
        touched.forEach(this::refreshDn);
        return owedBy(user);
    }

    private void index(String userId, Definition definition) {
        if (definition.removed) {
            return;
        }
        if (!definition.dns.isEmpty()) {
            usersByPrimaryDn.merge(definition.dns.get(0), new String[]{userId}, RoamingDirectory::union);
        }
        if (definition.selfServiceId != null && !definition.selfServiceId.isBlank()) {
            usersBySelfServiceId.merge(definition.selfServiceId, new String[]{userId}, RoamingDirectory::union);
        }
    }

    private void unindex(String userId, Definition definition) {
        if (definition == null || definition.removed) {
            return;
        }
        if (!definition.dns.isEmpty()) {
            usersByPrimaryDn.computeIfPresent(definition.dns.get(0), (k, ids) -> without(ids, userId));
        }
        if (definition.selfServiceId != null) {
            usersBySelfServiceId.computeIfPresent(definition.selfServiceId, (k, ids) -> without(ids, userId));
        }
    }

    private static String[] union(String[] ids, String[] more) {
        String[] joined = Arrays.copyOf(ids, ids.length + more.length);
        System.arraycopy(more, 0, joined, ids.length, more.length);
        return joined;
    }

    private static String[] without(String[] ids, String userId) {
        String[] rest = Arrays.stream(ids).filter(id -> !id.equals(userId)).toArray(String[]::new);
        return rest.length == 0 ? null : rest;
    }

    private String clusterName(String cluster) {
        return cluster == null ? null : clusterNames.computeIfAbsent(cluster, k -> k);
    }

    private UserRecord record(String userId) {
        return users.computeIfAbsent(userId, id -> new UserRecord(id, retiredAt));
    }

    private List<OwedLogout> refreshUser(UserRecord user) {
        noteMove(user);
        int before = user.pendingCount;
        user.pendingCount = user.pending().size();
        pendingTotal += user.pendingCount - before;
        Definition d = user.definition;
        if (d != null) {
            d.dns.forEach(this::refreshDn);
        }
        return owedBy(user);
    }

    private List<OwedLogout> owedBy(UserRecord user) {
        List<OwedLogout> owed = user.owedBy(localCluster);
        owedTotal += owed.size() - user.owedCount;
        user.owedCount = owed.size();
        return owed;
    }

    private void noteMove(UserRecord user) {
        List<Login> live = user.live();
        String now = live.isEmpty() ? null : live.get(0).cluster();
        String before = user.liveCluster;
        user.liveCluster = now;
        if (now != null && !now.equals(before)) {
            long newest = live.stream().mapToLong(Login::hlc).max().orElseThrow();
            long at = System.currentTimeMillis();
            synchronized (moves) {
                moves.addFirst(new RoamingMove(user.userId, before, now, at,
                        Math.max(0, at - HybridLogicalClock.wallMillis(newest))));
                if (moves.size() > MOVES_KEPT) {
                    moves.removeLast();
                }
            }
        }
    }

    /** Recomputes one DN's entry from its winning claim and its owner's sessions. */
    private void refreshDn(String dn) {
        Claim claim = claims.get(dn);
        UserRecord owner = claim == null ? null : users.get(claim.userId);
        DnEntry next = owner != null && owner.owns(dn) ? owner.entryFor(dn) : null;
        DnEntry previous = next == null ? entries.remove(dn) : entries.put(dn, next);
        if (!sameRoute(previous, next)) {
            routingChanged.accept(dn);
        }
        if (previous != null) {
            digestSum -= previous.digestHash();
        }
        if (next != null) {
            digestSum += next.digestHash();
        }
    }

    private static boolean sameRoute(DnEntry a, DnEntry b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.state() == b.state() && a.target().equals(b.target());
    }

    /** A user's definition as the directory keeps it: the event's routing facts, not the event. */
    private record Definition(List<String> dns, boolean superuser, String selfServiceId, String homeCluster,
                              Rank rank, boolean removed) {
    }

    private record Claim(String userId, Rank rank) {
    }

    /** One user's facts. Mutated only under the directory's lock; session state exists only once needed. */
    private static final class UserRecord {
        final String userId;
        final Map<String, Long> retiredAt;
        volatile Definition definition;
        /** Logins seen and not ended. */
        Map<String, Login> open;
        /** The highest-ranked login ever seen at each cluster, ended or not: supersession needs only these. */
        Map<String, Login> bestByCluster;
        /** Every login ever ended, so a late or repeated login event never reopens one. */
        Set<String> ended;
        long lastChangeHlc;
        int pendingCount;
        int owedCount;
        String liveCluster;

        UserRecord(String userId, Map<String, Long> retiredAt) {
            this.userId = userId;
            this.retiredAt = retiredAt;
        }

        boolean isOpen(String loginId) {
            return open != null && open.containsKey(loginId);
        }

        void seeLogin(Login login) {
            lastChangeHlc = Math.max(lastChangeHlc, login.hlc());
            if (bestByCluster == null) {
                bestByCluster = new HashMap<>(4);
            }
            bestByCluster.merge(login.cluster(), login, (a, b) -> b.rank().outranks(a.rank()) ? b : a);
            if (ended == null || !ended.contains(login.loginId())) {
                if (open == null) {
                    open = new HashMap<>(4);
                }
                open.put(login.loginId(), login);
            }
        }

        void seeLogout(UserLoggedOut logout) {
            lastChangeHlc = Math.max(lastChangeHlc, logout.hlc());
            if (ended == null) {
                ended = new HashSet<>(4);
            }
            ended.add(logout.loginId());
            if (open != null) {
                open.remove(logout.loginId());
            }
        }

        boolean removed() {
            return definition != null && definition.removed;
        }

        boolean owns(String dn) {
            return definition != null && !definition.removed && definition.dns.contains(dn);
        }

        /** Open, and not held by a cluster retired after it began. */
        private List<Login> current() {
            if (open == null || open.isEmpty()) {
                return List.of();
            }
            if (retiredAt.isEmpty()) {
                return List.copyOf(open.values());
            }
            return open.values().stream()
                    .filter(l -> l.hlc() >= retiredAt.getOrDefault(l.cluster(), Long.MIN_VALUE))
                    .toList();
        }

        /** The login that supersedes this one: the best login at any other cluster, if it ranks higher. */
        Login supersederOf(Login login) {
            Login best = null;
            for (Login candidate : bestByCluster.values()) {
                if (!candidate.cluster().equals(login.cluster())
                        && (best == null || candidate.rank().outranks(best.rank()))) {
                    best = candidate;
                }
            }
            return best != null && best.rank().outranks(login.rank()) ? best : null;
        }

        /**
         * When the login was first outranked, as far as the kept maxima tell: the earliest of the
         * other clusters' best logins that rank higher. A function of the events alone, so every
         * spoke, and a spoke after a restart, shows the same age of a deferred logout.
         */
        private long outrankedSince(Login login) {
            long since = Long.MAX_VALUE;
            for (Login candidate : bestByCluster.values()) {
                if (!candidate.cluster().equals(login.cluster()) && candidate.rank().outranks(login.rank())) {
                    since = Math.min(since, candidate.hlc());
                }
            }
            return since;
        }

        List<Login> live() {
            return current().stream().filter(l -> supersederOf(l) == null).toList();
        }

        List<PendingLogout> pending() {
            List<PendingLogout> pending = new ArrayList<>();
            for (Login login : current()) {
                Login newer = supersederOf(login);
                if (newer != null) {
                    pending.add(new PendingLogout(userId, login.cluster(), login.loginId(), login.device(),
                            newer.loginId(), HybridLogicalClock.wallMillis(outrankedSince(login))));
                }
            }
            pending.sort(Comparator.comparing(PendingLogout::loginId));
            return pending;
        }

        List<OwedLogout> owedBy(String cluster) {
            List<OwedLogout> owed = new ArrayList<>();
            for (Login login : current()) {
                if (!login.cluster().equals(cluster)) {
                    continue;
                }
                if (removed()) {
                    owed.add(new OwedLogout(login.device(), login.loginId(), userId, LogoutReason.ADMIN, null));
                    continue;
                }
                Login newer = supersederOf(login);
                if (newer != null) {
                    owed.add(new OwedLogout(login.device(), login.loginId(), userId, LogoutReason.SUPERSEDED,
                            newer.loginId()));
                }
            }
            return owed;
        }

        DnEntry entryFor(String dn) {
            List<Login> live = live();
            List<PendingLogout> pending = pending();
            if (live.isEmpty()) {
                long since = Math.max(lastChangeHlc, definition.rank.hlc());
                return new DnEntry(dn, userId, definition.homeCluster, DnState.NOT_LOGGED_IN, null, List.of(),
                        HybridLogicalClock.wallMillis(since), pending.isEmpty() ? List.of() : pending);
            }
            String cluster = live.get(0).cluster();
            long since = live.stream().mapToLong(Login::hlc).max().orElseThrow();
            List<String> devices = live.stream().map(Login::device).sorted().toList();
            return new DnEntry(dn, userId, definition.homeCluster, DnState.LOGGED_IN, cluster, devices,
                    HybridLogicalClock.wallMillis(since), pending.isEmpty() ? List.of() : pending);
        }
    }
}
