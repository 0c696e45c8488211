package io.roam.spoke.changes;

import io.roam.spoke.directory.DnEntry;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One router's stream: a snapshot or the changes after its position, then live changes, and a
 * heartbeat comment whenever it has been idle for the heartbeat interval. It runs on a thread of
 * its own and reads the shared {@link ChangeRing}, so a slow router slows only its own stream;
 * one so slow that its unsent changes leave the ring gets a reset and a snapshot on the same stream.
 */
final class ChangeStream implements Runnable {

    private static final int BATCH = 500;
    private static final AtomicInteger COUNT = new AtomicInteger();

    record Reset(ResetReason reason, String from) {
    }

    record SnapshotEnd(String position, int dns) {
    }

    private final ChangeFeed feed;
    private final SseEmitter emitter;
    private final String requested;
    private final Duration heartbeat;
    private final Consumer<ChangeStream> finished;
    private final Thread thread;
    private volatile boolean open = true;

    ChangeStream(ChangeFeed feed, SseEmitter emitter, String requested, Duration heartbeat,
                 Consumer<ChangeStream> finished) {
        this.feed = feed;
        this.emitter = emitter;
        this.requested = requested;
        this.heartbeat = heartbeat;
        this.finished = finished;
        this.thread = new Thread(this, "change-stream-" + COUNT.incrementAndGet());
        this.thread.setDaemon(true);
        emitter.onCompletion(this::stop);
        emitter.onError(e -> stop());
    }

    void start() {
        thread.start();
    }

    /** Ends the stream; the router reconnects with its last position. */
    void close() {
        stop();
        emitter.complete();
    }

    private void stop() {
        open = false;
        thread.interrupt();
    }

    @Override
    public void run() {
        try {
            ChangeFeed.Opening opening = feed.open(requested);
            Position cursor = opening.resumes() ? opening.after() : sendSnapshot(opening.resetReason(), requested);
            while (open) {
                ChangeRing.Read read = feed.after(cursor, BATCH, heartbeat);
                if (read.behind() != null) {
                    cursor = sendSnapshot(read.behind(), cursor.toString());
                } else if (read.entries().isEmpty()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                } else {
                    for (ChangeRing.Entry entry : read.entries()) {
                        emitter.send(SseEmitter.event().id(entry.at().toString()).name("change")
                                .data(entry.change(), MediaType.APPLICATION_JSON));
                        cursor = entry.at();
                    }
                }
            }
        } catch (IOException | IllegalStateException | InterruptedException gone) {
            // the router went away, or the spoke is stopping: nothing to tell anyone
        } finally {
            open = false;
            emitter.complete();
            finished.accept(this);
        }
    }

    /**
     * Snapshot events carry no id, so a router cut off in the middle of one asks again with the
     * position it had before, and gets the snapshot again; the end carries the snapshot's position.
     */
    private Position sendSnapshot(ResetReason reason, String from) throws IOException {
        if (reason != null) {
            emitter.send(SseEmitter.event().name("reset").data(new Reset(reason, from), MediaType.APPLICATION_JSON));
        }
        ChangeFeed.Snapshot snapshot = feed.snapshot();
        for (DnEntry entry : snapshot.entries()) {
            emitter.send(SseEmitter.event().name("snapshot").data(feed.route(entry), MediaType.APPLICATION_JSON));
        }
        emitter.send(SseEmitter.event().id(snapshot.position().toString()).name("snapshot-end")
                .data(new SnapshotEnd(snapshot.position().toString(), snapshot.entries().size()),
                        MediaType.APPLICATION_JSON));
        return snapshot.position();
    }
}
