package io.roam.spoke.changes;

import io.roam.spoke.directory.ClusterInfo;
import io.roam.spoke.directory.DnEntry;
import io.roam.spoke.directory.EmergencyRoute;
import io.roam.spoke.directory.DnState;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.directory.RoutingChanges;
import io.roam.spoke.eventstore.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;

/**
 * The DN changes of this spoke's directory, each at a {@link Position} that stays valid across
 * restarts: the spoke-local change sequence number of the stored fact that made it.
 *
 * <p>Facts reach the directory in that order, at the replay and live (the sequence's lock is held
 * until the projections have seen a fact), so each change is released as it is applied.
 *
 * <p>A released change carries the DN's answer at release, so a reader's last answer is never stale.
 */
@Component
public class ChangeFeed implements RoutingChanges {

    private final RoamingDirectory directory;
    private final String incarnation;
    private final ChangeRing ring;
    /** Change sequence number of the last stored fact applied. */
    private volatile long released;

    public ChangeFeed(JdbcTemplate jdbc, RoamingDirectory directory, ChangeFeedProperties properties) {
        this.directory = directory;
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
        release(stored.changeSeq(), changedDns);
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
            return new RouteChange(position, dn, null, null, "UNKNOWN", null, false, null, null, null);
        }
        String target = entry.target();
        return new RouteChange(position, dn, entry.userId(), target,
                entry.state() == DnState.LOGGED_IN ? "LOGGED_IN" : "HOME",
                directory.cluster(target).map(ClusterInfo::routeString).orElse(null),
                target.equals(directory.localCluster()), EmergencyRoute.physicalCluster(entry),
                entry.mode() == null ? null : entry.mode().name(), EmergencyRoute.of(entry, directory).orElse(null));
    }
}
