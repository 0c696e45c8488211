package io.roam.spoke.changes;

import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.DnEntry;
import io.roam.spoke.directory.DnState;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.directory.RoutingChanges;
import io.roam.spoke.eventstore.ProjectionFeed;
import io.roam.spoke.eventstore.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The DN changes of this spoke's directory, each at a {@link Position} that stays valid across
 * restarts: the global index of the stored event that made it.
 *
 * <p>The replay at start releases changes in store order as it goes. Live events are applied in
 * commit order, which is not index order (two transactions may commit the other way round), so
 * their changes wait here, by event identifier, until a follower thread reads the store's index
 * sequence and releases them strictly in index order. A hole in the index is a transaction not
 * yet committed or rolled back: the follower waits until it is sure which. Should a hole it gave
 * up on commit after all, or an event never reach the directory, the exact order is lost: the
 * retained changes are forgotten and every reader is reset to a snapshot rather than let skip.
 *
 * <p>A released change carries the DN's answer at release, not at apply: after out-of-order
 * commits that is the answer of all events up to it, so a reader's last answer is never stale.
 */
@Component
public class ChangeFeed implements RoutingChanges, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int PAGE = 1000;
    /** A hole while no unit of work is unfinished is a rollback; this long apart, to be sure. */
    private static final Duration ROLLBACK_SETTLE = Duration.ofMillis(50);
    /** A hole still open after this is taken for a rollback; if it commits later, readers are reset. */
    private static final Duration HOLE_TIMEOUT = Duration.ofSeconds(5);
    /** A stored event not in the directory after this will not get there: readers are reset. */
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(10);
    /** How long holes given up on are watched for a late commit: far longer than any transaction. */
    private static final Duration LATE_WATCH = Duration.ofMinutes(10);
    private static final Duration LATE_CHECK = Duration.ofSeconds(1);
    private static final int HOLE_WATCH_LIMIT = 1000;

    private final JdbcTemplate jdbc;
    private final RoamingDirectory directory;
    private final ObjectProvider<ProjectionFeed> projectionFeed;
    private final String incarnation;
    private final ChangeRing ring;
    /** Live events applied and not yet released, by identifier; drained by the follower as fast as it reads. */
    private final Map<String, SortedSet<String>> applied = new ConcurrentHashMap<>();
    /** Identifiers of late events already dealt with, so their changes are not kept when they arrive. */
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    /** Global index of the last stored event released or skipped. */
    private volatile long released;
    private volatile boolean running;
    private Thread follower;
    // follower thread only
    private final Map<Long, Long> skippedHoles = new HashMap<>();
    private Long holeSince;
    private Long unappliedSince;
    private long holesCheckedAt;

    public ChangeFeed(JdbcTemplate jdbc, RoamingDirectory directory, ObjectProvider<ProjectionFeed> projectionFeed,
                      ChangeFeedProperties properties) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.projectionFeed = projectionFeed;
        this.incarnation = incarnation(jdbc);
        this.ring = new ChangeRing(properties.retained(), new Position(incarnation, 0, 0));
    }

    /** Made once per store: a wiped data directory gets another, so old positions are not taken for new ones. */
    private static String incarnation(JdbcTemplate jdbc) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        jdbc.update("INSERT INTO store_incarnation (id, incarnation) SELECT 1, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM store_incarnation)", HexFormat.of().formatHex(random));
        return jdbc.queryForObject("SELECT incarnation FROM store_incarnation WHERE id = 1", String.class);
    }

    @Override
    public void applied(StoredEvent stored, SortedSet<String> changedDns) {
        if (stored.indexKnown()) {
            // the replay at start: already in index order, and alone
            release(stored.globalIndex(), changedDns);
        } else if (!dropped.remove(stored.identifier())) {
            applied.put(stored.identifier(), changedDns);
            wake.release();
        }
    }

    /** What a stream starts with: changes after a position, or a snapshot (after a reset, if it asked for one). */
    record Opening(Position after, ResetReason resetReason) {

        boolean resumes() {
            return after != null;
        }
    }

    Opening open(String requested) {
        if (requested == null || requested.isBlank()) {
            return new Opening(null, null);
        }
        Position position = Position.parse(requested).orElse(null);
        if (position == null) {
            return new Opening(null, ResetReason.UNKNOWN_POSITION);
        }
        if (!position.incarnation().equals(incarnation)) {
            return new Opening(null, ResetReason.OTHER_STORE);
        }
        if (position.index() > released) {
            return new Opening(null, ResetReason.UNKNOWN_POSITION);
        }
        if (position.compareTo(ring.floor()) < 0) {
            return new Opening(null, ResetReason.EXPIRED);
        }
        return new Opening(position, null);
    }

    /**
     * The whole map now, and the position it stands at: every change after it comes on the stream.
     * Entries become answers one by one as they are sent, so a large map is not held twice.
     */
    record Snapshot(Position position, List<DnEntry> entries) {
    }

    Snapshot snapshot() {
        Position at = ring.newest();
        return new Snapshot(at, directory.snapshot());
    }

    RouteChange route(DnEntry entry) {
        return answer(null, entry.dn(), entry);
    }

    ChangeRing.Read after(Position cursor, int max, Duration wait) throws InterruptedException {
        return ring.after(cursor, max, wait);
    }

    int retainedChanges() {
        return ring.size();
    }

    private void release(long index, SortedSet<String> dns) {
        released = index;
        if (dns.isEmpty()) {
            return;
        }
        List<ChangeRing.Entry> entries = new ArrayList<>(dns.size());
        int ordinal = 0;
        for (String dn : dns) {
            Position at = new Position(incarnation, index, ++ordinal);
            entries.add(new ChangeRing.Entry(at, answer(at, dn, directory.lookup(dn).orElse(null))));
        }
        ring.append(entries);
    }

    private RouteChange answer(Position at, String dn, DnEntry entry) {
        String position = at == null ? null : at.toString();
        if (entry == null) {
            return new RouteChange(position, dn, null, null, "UNKNOWN", null, false);
        }
        String target = entry.target();
        return new RouteChange(position, dn, entry.userId(), target,
                entry.state() == DnState.LOGGED_IN ? "LOGGED_IN" : "HOME",
                directory.cluster(target).map(ClusterInfo::routeString).orElse(null),
                target.equals(directory.localCluster()));
    }

    // ---- the follower: live changes in index order ----

    private void follow() {
        while (running) {
            try {
                boolean more = releaseCommitted();
                watchSkippedHoles();
                if (!more) {
                    boolean waiting = holeSince != null || unappliedSince != null;
                    wake.tryAcquire(waiting ? 20 : 1000, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("change feed: reading the store failed; retrying", e);
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Releases what is committed and applied, in index order; true if a full page went out and more may wait. */
    private boolean releaseCommitted() {
        List<Row> rows = jdbc.query("SELECT global_index, event_identifier FROM domain_event_entry "
                        + "WHERE global_index > ? ORDER BY global_index LIMIT " + PAGE,
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2)), released);
        for (Row row : rows) {
            if (row.index > released + 1 && !holeClosed(row.index)) {
                return false;
            }
            holeSince = null;
            SortedSet<String> dns = applied.remove(row.identifier);
            if (dns == null) {
                if (unappliedSince == null) {
                    unappliedSince = System.nanoTime();
                }
                if (!waitedLongerThan(APPLY_TIMEOUT, unappliedSince)) {
                    return false;
                }
                unappliedSince = null;
                dropped.add(row.identifier);
                released = row.index;
                lostOrder("stored event " + row.index + " did not reach the directory in " + APPLY_TIMEOUT);
                continue;
            }
            unappliedSince = null;
            release(row.index, dns);
        }
        return rows.size() == PAGE;
    }

    /** Whether the hole before {@code next} is done with: rolled back, or waited for long enough. */
    private boolean holeClosed(long next) {
        if (holeSince == null) {
            holeSince = System.nanoTime();
            return false;
        }
        boolean rolledBack = projectionFeed.getObject().unfinished() == 0 && waitedLongerThan(ROLLBACK_SETTLE, holeSince);
        if (!rolledBack && !waitedLongerThan(HOLE_TIMEOUT, holeSince)) {
            return false;
        }
        long now = System.nanoTime();
        for (long index = released + 1; index < next && skippedHoles.size() < HOLE_WATCH_LIMIT; index++) {
            skippedHoles.put(index, now);
        }
        released = next - 1;
        return true;
    }

    /** A hole given up on that commits after all holds changes already passed by: readers must start over. */
    private void watchSkippedHoles() {
        long now = System.nanoTime();
        if (skippedHoles.isEmpty() || now - holesCheckedAt < LATE_CHECK.toNanos()) {
            return;
        }
        holesCheckedAt = now;
        skippedHoles.values().removeIf(skippedAt -> now - skippedAt > LATE_WATCH.toNanos());
        if (skippedHoles.isEmpty()) {
            return;
        }
        List<Long> watched = List.copyOf(skippedHoles.keySet());
        String in = watched.stream().map(i -> "?").collect(Collectors.joining(","));
        List<Row> late = jdbc.query("SELECT global_index, event_identifier FROM domain_event_entry "
                + "WHERE global_index IN (" + in + ")", (rs, i) -> new Row(rs.getLong(1), rs.getString(2)),
                watched.toArray());
        for (Row row : late) {
            skippedHoles.remove(row.index);
            if (applied.remove(row.identifier) == null) {
                dropped.add(row.identifier);
            }
        }
        if (!late.isEmpty()) {
            lostOrder("stored event " + late.get(0).index + " committed after the feed had passed it");
        }
    }

    private void lostOrder(String why) {
        log.warn("change feed: {}; every reader starts over from a snapshot", why);
        ring.forgetUpTo(new Position(incarnation, released + 1, 0));
    }

    private static boolean waitedLongerThan(Duration limit, long since) {
        return System.nanoTime() - since >= limit.toNanos();
    }

    private record Row(long index, String identifier) {
    }

    // ---- lifecycle ----

    /**
     * Once every start phase has run. Not a lifecycle bean: the full sync depends on the
     * projections, and Spring would start this, a dependency, before it and follow a store
     * that the full sync is still filling outside the projections.
     */
    @EventListener(ContextRefreshedEvent.class)
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        follower = new Thread(this::follow, "change-feed");
        follower.setDaemon(true);
        follower.start();
    }

    @Override
    public synchronized void destroy() {
        running = false;
        if (follower != null) {
            follower.interrupt();
        }
    }
}
