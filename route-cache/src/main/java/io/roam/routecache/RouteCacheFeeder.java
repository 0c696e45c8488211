package io.roam.routecache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a spoke's change feed and keeps a Kamailio proxy's routing tables equal to it: connect
 * to the proxy, read the feed from its snapshot, apply each event, write; after the spoke fails,
 * resume from the last position, so nothing is missed; after the proxy fails (its tables may be
 * gone), start again from a snapshot. The proxy trusts its tables only while the feed's heartbeats
 * keep arriving through here; a stream silent for longer than the stall timeout is opened again.
 */
public final class RouteCacheFeeder implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RouteCacheFeeder.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final URI changes;
    private final Optional<String> token;
    private final InetSocketAddress kamailio;
    private final Duration retry;
    private final Duration stall;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** The open stream's connection: disconnecting it ends a read blocked on it at once. */
    private volatile HttpURLConnection stream;

    /**
     * @param changes  the spoke's {@code /api/v1/directory/changes}
     * @param token    the spoke's router token, when it requires one
     * @param kamailio where the proxy's evapi listens
     * @param retry    the pause before connecting again after a failure
     * @param stall    how long the stream may be silent (the spoke sends heartbeats) before it is opened again
     */
    public RouteCacheFeeder(URI changes, Optional<String> token, InetSocketAddress kamailio, Duration retry, Duration stall) {
        this.changes = changes;
        this.token = token;
        this.kamailio = kamailio;
        this.retry = retry;
        this.stall = stall;
    }

    @Override
    public void run() {
        while (!stopping()) {
            try (EvapiTables tables = EvapiTables.connect(kamailio, CONNECT_TIMEOUT, this::endStream)) {
                log.info("Connected to Kamailio at {}; loading a snapshot of {}", kamailio, changes);
                RouteCache cache = new RouteCache(tables);
                while (!stopping() && tables.isOpen()) {
                    try {
                        follow(cache, tables);
                    } catch (SpokeUnavailableException | RouteCache.FeedProtocolException e) {
                        if (!tables.isOpen()) {
                            log.warn("Kamailio at {} closed the connection: its tables start again from a snapshot", kamailio);
                        } else if (!stopping()) {
                            log.warn("Change feed failed, resuming from {} in {} ms: {}", cache.position().orElse("a snapshot"),
                                    retry.toMillis(), e.getMessage());
                            pause();
                        }
                    }
                }
            } catch (IOException e) {
                if (!stopping()) {
                    log.warn("Kamailio at {} unavailable, connecting again in {} ms: {}", kamailio, retry.toMillis(), e.toString());
                    pause();
                }
            }
        }
    }

    /** Ends the feed's stream and the loop. */
    public void stop() {
        stopRequested.countDown();
        endStream();
    }

    private void endStream() {
        HttpURLConnection current = stream;
        if (current != null) {
            current.disconnect();
        }
    }

    /** Reads the feed until it fails; a failure to write to Kamailio escapes as an IOException. */
    private void follow(RouteCache cache, EvapiTables tables) throws IOException {
        HttpURLConnection connection = connect(cache.position());
        stream = connection;
        try (InputStream body = body(connection)) {
            // After the stream is set: a proxy lost from now on ends it, one lost before is seen here.
            if (!tables.isOpen()) {
                throw new SpokeUnavailableException("the proxy went away while the stream opened");
            }
            EventStreamReader reader = new EventStreamReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
            while (!stopping()) {
                Optional<EventStreamReader.Item> item = read(reader);
                if (item.isEmpty()) {
                    throw new SpokeUnavailableException("the spoke ended the stream");
                }
                cache.apply(item.get());
                if (!ready(reader)) {
                    tables.flush();
                }
            }
        } finally {
            stream = null;
            connection.disconnect();
        }
    }

    private HttpURLConnection connect(Optional<String> position) {
        try {
            HttpURLConnection connection = (HttpURLConnection) changes.toURL().openConnection();
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) stall.toMillis());
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "text/event-stream");
            position.ifPresent(p -> connection.setRequestProperty("Last-Event-ID", p));
            token.ifPresent(t -> connection.setRequestProperty("Authorization", "Bearer " + t));
            return connection;
        } catch (IOException e) {
            throw new SpokeUnavailableException("cannot reach " + changes + ": " + e);
        }
    }

    private InputStream body(HttpURLConnection connection) {
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new SpokeUnavailableException(changes + " answered " + status);
            }
            return connection.getInputStream();
        } catch (IOException e) {
            throw new SpokeUnavailableException("cannot reach " + changes + ": " + e);
        }
    }

    private static Optional<EventStreamReader.Item> read(EventStreamReader reader) {
        try {
            return reader.next();
        } catch (IOException e) {
            throw new SpokeUnavailableException("reading the feed failed: " + e);
        }
    }

    private static boolean ready(EventStreamReader reader) {
        try {
            return reader.ready();
        } catch (IOException e) {
            throw new SpokeUnavailableException("reading the feed failed: " + e);
        }
    }

    private void pause() {
        try {
            stopRequested.await(retry.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    /** The spoke cannot be read now: the loop resumes from the last position. */
    private static final class SpokeUnavailableException extends RuntimeException {

        SpokeUnavailableException(String message) {
            super(message);
        }
    }
}
