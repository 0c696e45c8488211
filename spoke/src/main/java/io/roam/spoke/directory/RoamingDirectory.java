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

    private static final int MOVES_KEPT = 50;

    private final String localCluster;
    /** A user's {@link Definition} alone until a login or logout of theirs is seen, then their {@link UserRecord}. */
    private final Map<String, Object> users = new ConcurrentHashMap<>();
    /**
     * A DN's {@link DnSlot}, or, while the slot would hold only what follows from one definition
     * (its claim, owned by a user who never logged in), that {@link Definition} alone.
     */
    private final Map<String, Object> dns = new ConcurrentHashMap<>();
    private final ClusterRegistry clusters = new ClusterRegistry();
    /** This cluster's logins that are not ended, for the maximum login time. */
    private final Map<String, Login> localOpen = new ConcurrentHashMap<>();
    private final Map<String, String[]> usersBySelfServiceId = new ConcurrentHashMap<>();
    /** The latest moves, newest first, for operators watching roaming happen. */
    private final Deque<RoamingMove> moves = new ArrayDeque<>();
    private long digestSum;
    private volatile int entryCount;
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
        return Optional.ofNullable(DnSlot.entry(dn, dns.get(dn)));
    }

    public Optional<UserView> user(String userId) {
        Definition d = definitionOf(users.get(userId));
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new UserView(userId, d.homeCluster(), d.dns(), d.superuser(), d.emcc(), d.selfServiceId(), d.removed()));
    }

    public Set<String> usersWithPrimaryDn(String dn) {
        Object users = DnSlot.primaryOf(dn, dns.get(dn));
        if (users == null) {
            return Set.of();
        }
        return users instanceof String one ? Set.of(one) : Set.of((String[]) users);
    }

    public Set<String> usersWithSelfServiceId(String selfServiceId) {
        return Set.of(usersBySelfServiceId.getOrDefault(selfServiceId, new String[0]));
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
        return entryCount;
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
        return Long.toHexString(digestSum) + "-" + entryCount;
    }

    /** The whole map, sorted by DN: for comparing two spokes when digests differ. */
    public List<DnEntry> snapshot() {
        List<DnEntry> all = new ArrayList<>(entryCount);
        dns.forEach((dn, slot) -> {
            DnEntry entry = DnSlot.entry(dn, slot);
            if (entry != null) {
                all.add(entry);
            }
        });
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
        synchronized (moves) {
            return List.copyOf(moves);
        }
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
        dns.forEach((dn, slot) -> {
            DnEntry entry = DnSlot.entry(dn, slot);
            if (entry != null && (entry.target().equals(cluster) || cluster.equals(entry.cluster())
                    || cluster.equals(entry.devicePoolCluster()))) {
                routingChanged.accept(dn);
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
        // A DN's claim is the highest-ranked definition that ever listed it, even one its own
        // user has since replaced: that is the tombstone that keeps DN moves order-independent.
        for (String dn : definition.dns()) {
            Object slot = dns.get(dn);
            if (slot == null) {
                dns.put(dn, new DnSlot(definition));
                touched.add(dn);
            } else if (definition.outranks(DnSlot.claim(slot))) {
                slot(dn).claim = definition;
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
            unindex(previous);
            index(definition);
            if (previous != null) {
                touched.addAll(previous.dns());
            }
            touched.addAll(definition.dns());
        }
        touched.forEach(this::refreshDn);
        return user instanceof UserRecord record ? owedBy(record) : List.of();
    }

    private void index(Definition definition) {
        if (definition.removed()) {
            return;
        }
        String primary = definition.primaryDn();
        if (primary != null) {
            slot(primary).addPrimaryOf(definition.userId());
        }
        if (definition.selfServiceId() != null && !definition.selfServiceId().isBlank()) {
            usersBySelfServiceId.merge(definition.selfServiceId(), new String[]{definition.userId()},
                    RoamingDirectory::union);
        }
    }

    private void unindex(Definition definition) {
        if (definition == null || definition.removed()) {
            return;
        }
        String primary = definition.primaryDn();
        if (primary != null) {
            slot(primary).removePrimaryOf(definition.userId());
        }
        if (definition.selfServiceId() != null) {
            usersBySelfServiceId.computeIfPresent(definition.selfServiceId(),
                    (k, ids) -> without(ids, definition.userId()));
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
            Login newest = UserRecord.newest(live);
            long at = System.currentTimeMillis();
            synchronized (moves) {
                moves.addFirst(new RoamingMove(user.userId, before, now, at,
                        Math.max(0, at - HybridLogicalClock.wallMillis(newest.hlc())), newest.mode(),
                        newest.registrationCluster()));
                if (moves.size() > MOVES_KEPT) {
                    moves.removeLast();
                }
            }
        }
    }

    /** The DN's slot to change, in full: taken apart from its bare definition if need be. */
    private DnSlot slot(String dn) {
        Object at = dns.get(dn);
        if (at instanceof DnSlot slot) {
            return slot;
        }
        Definition bare = (Definition) at;
        DnSlot slot = new DnSlot(bare);
        slot.primaryOf = DnSlot.primaryOf(dn, bare);
        slot.answer = bare;
        dns.put(dn, slot);
        return slot;
    }

    /** Recomputes one DN's entry from its winning claim and its owner's sessions. */
    private void refreshDn(String dn) {
        Object at = dns.get(dn);
        if (at == null) {
            return;
        }
        Object owner = users.get(DnSlot.claim(at).userId());
        Definition owners = definitionOf(owner);
        Object answer;
        if (owners == null || owners.removed() || !owners.lists(dn)) {
            answer = null;
        } else {
            answer = owner instanceof UserRecord record ? record.entryFor(dn, clusters) : owners;
        }
        if (answer == at) {
            return;
        }
        DnEntry previous = DnSlot.entry(dn, at);
        DnSlot slot = slot(dn);
        slot.answer = answer;
        if (slot.isBare(dn)) {
            dns.put(dn, slot.claim);
        }
        DnEntry next = slot.entry(dn);
        entryCount += (next == null ? 0 : 1) - (previous == null ? 0 : 1);
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
        return a.state() == b.state() && a.target().equals(b.target()) && Objects.equals(a.cluster(), b.cluster())
                && Objects.equals(a.devicePool(), b.devicePool());
    }

    /**
     * What the directory keeps per DN: its claim, the users whose primary DN it is, and the
     * answer readers get. One map entry per DN, read without locking through {@link #entry}; kept
     * only while it holds more than its claim implies (see {@link #isBare}).
     */
    private static final class DnSlot {
        Definition claim;
        /** Null, one user id, or a {@code String[]} of several: read without locking. */
        volatile Object primaryOf;
        /**
         * Null (no entry), a {@link DnEntry}, or the owner's {@link Definition} when the owner never
         * logged in: most DNs at a million users, whose answer follows from the definition alone.
         */
        volatile Object answer;

        DnSlot(Definition claim) {
            this.claim = claim;
        }

        DnEntry entry(String dn) {
            Object now = answer;
            return now instanceof Definition home ? home.homeEntry(dn) : (DnEntry) now;
        }

        /** Holds only what its claim alone implies, so the claim can stand in for it. */
        boolean isBare(String dn) {
            return answer == claim && Objects.equals(primaryOf, primaryOf(dn, claim));
        }

        /** The DN's entry from what the map holds for it: a slot, a bare definition or nothing. */
        static DnEntry entry(String dn, Object at) {
            return at instanceof DnSlot slot ? slot.entry(dn) : at == null ? null : ((Definition) at).homeEntry(dn);
        }

        static Definition claim(Object at) {
            return at instanceof DnSlot slot ? slot.claim : (Definition) at;
        }

        /** A bare definition is the primary DN of its own user alone, if it is the first it lists. */
        static Object primaryOf(String dn, Object at) {
            if (at instanceof DnSlot slot) {
                return slot.primaryOf;
            }
            return at != null && dn.equals(((Definition) at).primaryDn()) ? ((Definition) at).userId() : null;
        }

        void addPrimaryOf(String userId) {
            Object now = primaryOf;
            if (now == null) {
                primaryOf = userId;
            } else if (now instanceof String one) {
                primaryOf = new String[]{one, userId};
            } else {
                primaryOf = union((String[]) now, new String[]{userId});
            }
        }

        void removePrimaryOf(String userId) {
            Object now = primaryOf;
            if (now instanceof String one) {
                primaryOf = one.equals(userId) ? null : one;
            } else if (now instanceof String[] several) {
                String[] rest = without(several, userId);
                primaryOf = rest == null ? null : rest.length == 1 ? rest[0] : rest;
            }
        }
    }
}
