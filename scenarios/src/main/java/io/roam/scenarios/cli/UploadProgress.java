package io.roam.scenarios.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/** A progress bar of bytes sent against the file's size, redrawn on one line at most a few times a second. */
final class UploadProgress implements LongConsumer {

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long total;
    private long drawnAt;
    private long sent;

    UploadProgress(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
    }

    @Override
    public void accept(long bytes) {
        sent = bytes;
        long now = System.nanoTime();
        if (drawnAt == 0 || now - drawnAt >= REDRAW_NANOS || bytes == total) {
            drawnAt = now;
            draw();
        }
    }

    /** The last state, then a new line: the spoke now checks and applies what it got. */
    void finish(String then) {
        draw();
        err.println();
        err.println(then);
        err.flush();
    }

    private void draw() {
        double share = total == 0 ? 1 : Math.min(1, (double) sent / total);
        int filled = (int) Math.round(share * WIDTH);
        err.printf("\r[%s%s] %s / %s %3.0f%%", "#".repeat(filled), ".".repeat(WIDTH - filled), size(sent), size(total),
                share * 100);
        err.flush();
    }

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}
