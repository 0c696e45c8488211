package io.roam.spoke.bulk;

import io.roam.spoke.credentials.Credentials;
import io.roam.spoke.credentials.PinHasher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PIN hash each row of a users file gives its user: a supplied hash as it is; a clear PIN's
 * hash, or the user's current hash when the PIN is the one it has (hashes are salted, so only a
 * check tells). bcrypt is the cost of a clear file: it runs on a pool as large as the cores.
 */
final class PinHashing {

    private final PinHasher pins;
    private final Credentials credentials;

    PinHashing(PinHasher pins, Credentials credentials) {
        this.pins = pins;
        this.credentials = credentials;
    }

    /** One hash per row, in order; null for a row that keeps the user's PIN. */
    List<String> hashes(List<UserRow> rows) throws InterruptedException {
        List<String> hashes = new ArrayList<>(rows.size());
        List<Future<String>> clear = new ArrayList<>();
        ExecutorService pool = null;
        try {
            for (UserRow row : rows) {
                if (row.clearPin() == null) {
                    hashes.add(row.suppliedHash());
                    continue;
                }
                if (pool == null) {
                    pool = pool();
                }
                clear.add(pool.submit(() -> hash(row)));
                hashes.add(null);
            }
            int next = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).clearPin() != null) {
                    hashes.set(i, clear.get(next++).get());
                }
            }
            return hashes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing a PIN failed", e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private String hash(UserRow row) {
        String current = credentials.pinHash(row.userId()).orElse(null);
        return current != null && pins.matches(row.clearPin(), current) ? current : pins.hash(row.clearPin());
    }

    private static ExecutorService pool() {
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
            Thread thread = new Thread(task, "import-pins-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
