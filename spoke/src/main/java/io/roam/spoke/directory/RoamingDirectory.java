package io.roam.spoke.directory;

import io.roam.events.ClusterAnnounced;
import io.roam.events.ClusterRetired;
import io.roam.events.HybridLogicalClock;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserLoggedOut;
import io.roam.events.UserProvisioned;
import io.roam.events.UserRemoved;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * concurrent map without locking.
 */
public final class RoamingDirectory {

    private final String localCluster;
    private final Map<String, UserRecord> users = new HashMap<>();
    private final Map<String, Claim> claims = new HashMap<>();
    private final Map<String, DnEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, UserView> userViews = new ConcurrentHashMap<>();
    private final Map<String, ClusterInfo> clusters = new ConcurrentHashMap<>();
    /** Retired clusters and when: their logins from before that moment are over. */
    private final Map<String, Long> retiredAt = new HashMap<>();
    /** This cluster's logins that are not ended, for the maximum login time. */
    private final Map<String, Login> localOpen = new ConcurrentHashMap<>();
    /** The latest moves, newest first, for operators watching roaming happen. */
    private final Deque<RoamingMove> moves = new ArrayDeque<>();
    private static final int MOVES_KEPT = 50;
    private final Map<String, Set<String>> usersByPrimaryDn = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> usersBySelfServiceId = new ConcurrentHashMap<>();
    private long digestSum;
    private volatile int pendingTotal;
    private int pendingCount;

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
        return Optional.ofNullable(userViews.get(userId));
    }

    public Set<String> usersWithPrimaryDn(String dn) {
        return Set.copyOf(usersByPrimaryDn.getOrDefault(dn, Set.of()));
    }

    public Set<String> usersWithSelfServiceId(String selfServiceId) {
        return Set.copyOf(usersBySelfServiceId.getOrDefault(selfServiceId, Set.of()));
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
        Set<String> clusters = new HashSet<>();
        user.live().forEach(l -> clusters.add(l.cluster()));
        return clusters;
    }

    public List<RoamingMove> recentMoves() {
        synchronized (moves) {
            return List.copyOf(moves);
        }
    }

    public synchronized List<PendingLogout> pendingLogouts() {
        List<PendingLogout> all = new ArrayList<>();
        for (UserRecord user : users.values()) {
            all.addAll(user.pending());
        }
        return all;
    }

    /** Every login of this cluster that this cluster still has to end. */
    public synchronized List<OwedLogout> owedByLocalCluster() {
        List<OwedLogout> owed = new ArrayList<>();
        for (UserRecord user : users.values()) {
            owed.addAll(user.owedBy(localCluster));
        }
        return owed;
    }

    // ---- writes ----

    /**
     * Applies one fact. Returns the logins this cluster now owes a logout for because of it,
     * so the caller can end them: each cluster ends only its own logins.
     */
    public synchronized List<OwedLogout> apply(Object event) {
        if (event instanceof UserProvisioned e) {
            return define(e.userId(), new Definition(e, new Rank(e.hlc(), e.homeCluster())));
        } else if (event instanceof UserRemoved e) {
            return define(e.userId(), new Definition(null, new Rank(e.hlc(), e.homeCluster())));
        } else if (event instanceof UserLoggedIn e) {
            UserRecord user = record(e.userId());
            user.seeLogin(Login.of(e));
            if (localCluster.equals(e.cluster()) && user.open.containsKey(e.loginId())) {
                localOpen.put(e.loginId(), Login.of(e));
            }
            return refreshUser(user);
        } else if (event instanceof UserLoggedOut e) {
            UserRecord user = record(e.userId());
            user.seeLogout(e);
            localOpen.remove(e.loginId());
            return refreshUser(user);
        } else if (event instanceof ClusterRetired e) {
            if (e.hlc() > retiredAt.getOrDefault(e.cluster(), Long.MIN_VALUE)) {
                retiredAt.put(e.cluster(), e.hlc());
                List<OwedLogout> owed = new ArrayList<>();
                for (UserRecord user : users.values()) {
                    if (user.open.values().stream().anyMatch(l -> l.cluster().equals(e.cluster()))) {
                        owed.addAll(refreshUser(user));
                    }
                }
                return owed;
            }
        } else if (event instanceof ClusterAnnounced e) {
            clusters.merge(e.cluster(), new ClusterInfo(e.cluster(), e.hub(), e.routeString(), e.hlc()),
                    (old, neu) -> neu.hlc() >= old.hlc() ? neu : old);
        }
        return List.of();
    }

    private List<OwedLogout> define(String userId, Definition definition) {
        UserRecord user = record(userId);
        Set<String> touched = new LinkedHashSet<>();
        // A DN's claim is the highest-ranked definition that ever listed it, even one its own
        // user has since replaced: that is the tombstone that keeps DN moves order-independent.
        for (String dn : definition.dns()) {
            Claim claim = claims.get(dn);
            if (claim == null || definition.rank.outranks(claim.rank)) {
                claims.put(dn, new Claim(userId, definition.rank));
                touched.add(dn);
            }
        }
        if (definition.rank.outranks(user.definition == null ? null : user.definition.rank)) {
            Definition previous = user.definition;
            user.definition = definition;
            unindex(userId, previous);
            index(userId, definition);
            publishUserView(user);
            touched.addAll(user.publishedDns);
            touched.addAll(definition.dns());
        }
        touched.forEach(this::refreshDn);
        return user.owedBy(localCluster);
    }

    private void index(String userId, Definition definition) {
        if (definition.event == null) {
            return;
        }
        if (!definition.dns().isEmpty()) {
            usersByPrimaryDn.computeIfAbsent(definition.dns().get(0), k -> ConcurrentHashMap.newKeySet()).add(userId);
        }
        String ssid = definition.event.selfServiceId();
        if (ssid != null && !ssid.isBlank()) {
            usersBySelfServiceId.computeIfAbsent(ssid, k -> ConcurrentHashMap.newKeySet()).add(userId);
        }
    }

    private void unindex(String userId, Definition definition) {
        if (definition == null || definition.event == null) {
            return;
        }
        if (!definition.dns().isEmpty()) {
            removeFromIndex(usersByPrimaryDn, definition.dns().get(0), userId);
        }
        String ssid = definition.event.selfServiceId();
        if (ssid != null) {
            removeFromIndex(usersBySelfServiceId, ssid, userId);
        }
    }

    private static void removeFromIndex(Map<String, Set<String>> index, String key, String userId) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(userId);
            return set.isEmpty() ? null : set;
        });
    }

    private void publishUserView(UserRecord user) {
        Definition d = user.definition;
        if (d == null) {
            return;
        }
        if (d.event == null) {
            userViews.put(user.userId, new UserView(user.userId, d.rank.cluster(), List.of(), false, null, true));
        } else {
            UserProvisioned e = d.event;
            userViews.put(user.userId, new UserView(user.userId, e.homeCluster(), e.dns(), e.superuser(),
                    e.selfServiceId(), false));
        }
    }

    private UserRecord record(String userId) {
        return users.computeIfAbsent(userId, id -> new UserRecord(id, retiredAt));
    }

    private List<OwedLogout> refreshUser(UserRecord user) {
        noteMove(user);
        int before = user.pendingCount;
        user.pendingCount = user.pending().size();
        pendingCount += user.pendingCount - before;
        pendingTotal = pendingCount;
        for (String dn : List.copyOf(user.publishedDns)) {
            refreshDn(dn);
        }
        return user.owedBy(localCluster);
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
        if (previous != null && (next == null || !previous.userId().equals(next.userId()))) {
            users.get(previous.userId()).publishedDns.remove(dn);
        }
        if (next != null) {
            owner.publishedDns.add(dn);
        }
        if (previous != null) {
            digestSum -= hash(previous.digestLine());
        }
        if (next != null) {
            digestSum += hash(next.digestLine());
        }
    }

    private static long hash(String line) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Definition(UserProvisioned event, Rank rank) {
        List<String> dns() {
            return event == null ? List.of() : event.dns();
        }
    }

    private record Claim(String userId, Rank rank) {
    }

    /** One user's facts. Mutated only under the directory's lock. */
    private static final class UserRecord {
        final String userId;
        Definition definition;
        /** Logins seen and not ended. */
        final Map<String, Login> open = new HashMap<>();
        /** The highest-ranked login ever seen at each cluster, ended or not: supersession needs only these. */
        final Map<String, Login> bestByCluster = new HashMap<>();
        /** Every login ever ended, so a late or repeated login event never reopens one. */
        final Set<String> ended = new HashSet<>();
        final Set<String> publishedDns = new HashSet<>();
        final Map<String, Long> retiredAt;
        long lastChangeHlc;
        int pendingCount;
        String liveCluster;

        UserRecord(String userId, Map<String, Long> retiredAt) {
            this.userId = userId;
            this.retiredAt = retiredAt;
        }

        /** Open, and not held by a cluster retired after it began. */
        private List<Login> current() {
            if (retiredAt.isEmpty()) {
                return List.copyOf(open.values());
            }
            return open.values().stream()
                    .filter(l -> l.hlc() >= retiredAt.getOrDefault(l.cluster(), Long.MIN_VALUE))
                    .toList();
        }

        void seeLogin(Login login) {
            lastChangeHlc = Math.max(lastChangeHlc, login.hlc());
            bestByCluster.merge(login.cluster(), login, (a, b) -> b.rank().outranks(a.rank()) ? b : a);
            if (!ended.contains(login.loginId())) {
                open.put(login.loginId(), login);
            }
        }

        void seeLogout(UserLoggedOut logout) {
            lastChangeHlc = Math.max(lastChangeHlc, logout.hlc());
            ended.add(logout.loginId());
            open.remove(logout.loginId());
        }

        boolean removed() {
            return definition != null && definition.event == null;
        }

        boolean owns(String dn) {
            return definition != null && definition.event != null && definition.event.dns().contains(dn);
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

        List<Login> live() {
            return current().stream().filter(l -> supersederOf(l) == null).toList();
        }

        List<PendingLogout> pending() {
            if (open.isEmpty()) {
                return List.of();
            }
            List<PendingLogout> pending = new ArrayList<>();
            for (Login login : current()) {
                Login newer = supersederOf(login);
                if (newer != null) {
                    pending.add(new PendingLogout(userId, login.cluster(), login.loginId(), login.device(), newer.loginId(),
                            HybridLogicalClock.wallMillis(newer.hlc())));
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
            UserProvisioned def = definition.event;
            List<Login> live = live();
            List<PendingLogout> pending = pending();
            if (live.isEmpty()) {
                long since = Math.max(lastChangeHlc, definition.rank.hlc());
                return new DnEntry(dn, userId, def.homeCluster(), DnState.NOT_LOGGED_IN, null, List.of(),
                        HybridLogicalClock.wallMillis(since), pending);
            }
            String cluster = live.get(0).cluster();
            long since = live.stream().mapToLong(Login::hlc).max().orElseThrow();
            List<String> devices = live.stream().map(Login::device).sorted().toList();
            return new DnEntry(dn, userId, def.homeCluster(), DnState.LOGGED_IN, cluster, devices,
                    HybridLogicalClock.wallMillis(since), pending);
        }
    }
}
