package io.roam.spoke.directory;

import io.roam.events.HybridLogicalClock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest moves of users' phones between clusters, newest first, for operators watching
 * roaming happen. Only the last few are kept, so it stays small whatever the number of users.
 */
final class RecentMoves {

    private static final int KEPT = 50;

    private final Deque<RoamingMove> moves = new ArrayDeque<>();

    /** The user is now live at the newest login's cluster, having been live at {@code from} (null: nowhere). */
    void moved(String userId, String from, Login newest) {
        long at = System.currentTimeMillis();
        RoamingMove move = new RoamingMove(userId, from, newest.cluster(), at,
                Math.max(0, at - HybridLogicalClock.wallMillis(newest.hlc())), newest.mode(),
                newest.registrationCluster());
        synchronized (moves) {
            moves.addFirst(move);
            if (moves.size() > KEPT) {
                moves.removeLast();
            }
        }
    }

    List<RoamingMove> newestFirst() {
        synchronized (moves) {
            return List.copyOf(moves);
        }
    }
}
