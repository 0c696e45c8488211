package io.roam.spoke.directory;

import io.roam.events.HybridLogicalClock;
import io.roam.events.LogoutReason;
import io.roam.events.UserLoggedOut;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user whose login or logout the directory has seen: their definition, their sessions as two
 * grow-only sets (the logins ever seen, the logins ever ended) and what follows from those, which
 * logins are live, superseded and owed a logout. A user who never logged in has no record, only
 * their bare {@link Definition}: most of a million users. Changed only under the directory's
 * lock; the definition is read without it.
 */
final class UserRecord {

    final String userId;
    /** Null while the user has logged in somewhere but their definition has not arrived. */
    volatile Definition definition;
    /** Logins seen and not ended; null until there is one. */
    private Map<String, Login> open;
    /** The highest-ranked login ever seen at each cluster, ended or not: supersession needs only these. */
    private Map<String, Login> bestByCluster;
    /** Every login ever ended, so a late or repeated login event never reopens one. */
    private Set<String> ended;
    /** EMCC logins a home refused, by the refusing home; null until there is one. */
    private Map<String, String> refusedBy;
    private long lastChangeHlc;
    /** What the directory last counted for this user in its totals, and where it last saw them live. */
    int pendingCount;
    int owedCount;
    String liveCluster;

    UserRecord(String userId, Definition definition) {
        this.userId = userId;
        this.definition = definition;
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

    void seeRefusal(String loginId, String home) {
        if (refusedBy == null) {
            refusedBy = new HashMap<>(2);
        }
        refusedBy.put(loginId, home);
    }

    boolean isOpen(String loginId) {
        return open != null && open.containsKey(loginId);
    }

    boolean hasOpenLoginAt(String cluster) {
        return open != null && open.values().stream().anyMatch(l -> l.cluster().equals(cluster));
    }

    boolean removed() {
        return definition != null && definition.removed();
    }

    /** Open, and not held by a cluster retired after it began. */
    private List<Login> current(ClusterRegistry clusters) {
        if (open == null || open.isEmpty()) {
            return List.of();
        }
        if (clusters.noneRetired()) {
            return List.copyOf(open.values());
        }
        return open.values().stream().filter(l -> !clusters.retiredAfter(l)).toList();
    }

    /** The login that supersedes this one: the best login at any other cluster, if it ranks higher. */
    private Login supersederOf(Login login) {
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

    List<Login> live(ClusterRegistry clusters) {
        return current(clusters).stream().filter(l -> supersederOf(l) == null).toList();
    }

    List<PendingLogout> pending(ClusterRegistry clusters) {
        List<PendingLogout> pending = new ArrayList<>();
        for (Login login : current(clusters)) {
            Login newer = supersederOf(login);
            if (newer != null) {
                pending.add(new PendingLogout(userId, login.cluster(), login.loginId(), login.device(),
                        newer.loginId(), HybridLogicalClock.wallMillis(outrankedSince(login))));
            }
        }
        pending.sort(Comparator.comparing(PendingLogout::loginId));
        return pending;
    }

    /** The logins the cluster must end itself: its own, of a removed user, refused by their home, or superseded. */
    List<OwedLogout> owedBy(String cluster, ClusterRegistry clusters) {
        List<OwedLogout> owed = new ArrayList<>();
        for (Login login : current(clusters)) {
            if (!login.cluster().equals(cluster)) {
                continue;
            }
            if (removed()) {
                owed.add(new OwedLogout(login.device(), login.loginId(), userId, LogoutReason.ADMIN, null));
                continue;
            }
            if (refusedByItsHome(login)) {
                owed.add(new OwedLogout(login.device(), login.loginId(), userId, LogoutReason.REFUSED, null));
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

    /** Only the home an EMCC login registered at may refuse it. */
    private boolean refusedByItsHome(Login login) {
        return refusedBy != null && login.registrationCluster() != null
                && login.registrationCluster().equals(refusedBy.get(login.loginId()));
    }

    /** The entry of one of the user's DNs; needs the definition. */
    DnEntry entryFor(String dn, ClusterRegistry clusters) {
        List<Login> live = live(clusters);
        List<PendingLogout> pending = pending(clusters);
        if (live.isEmpty()) {
            long since = Math.max(lastChangeHlc, definition.hlc());
            return DnEntry.notLoggedIn(dn, userId, definition.homeCluster(), HybridLogicalClock.wallMillis(since),
                    pending.isEmpty() ? List.of() : pending);
        }
        // Live logins share one cluster; within it the newest decides the mode (EMCC allows several).
        Login newest = newest(live);
        List<String> devices = live.stream().map(Login::device).sorted().toList();
        return new DnEntry(dn, userId, definition.homeCluster(), DnState.LOGGED_IN, newest.cluster(), devices,
                HybridLogicalClock.wallMillis(newest.hlc()), pending.isEmpty() ? List.of() : pending, newest.mode(),
                newest.registrationCluster(), newest.devicePool());
    }

    static Login newest(List<Login> logins) {
        return logins.stream().max(Comparator.comparing(Login::rank)).orElseThrow();
    }
}
