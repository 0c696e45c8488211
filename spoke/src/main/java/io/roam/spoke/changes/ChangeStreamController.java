package io.roam.spoke.changes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /directory/changes}: the directory's DN changes as server-sent events, for call
 * routers that keep a cache of their own. Streams end before the web server's graceful shutdown
 * (this lifecycle stops first), which would otherwise wait for them.
 */
@RestController
@RequestMapping("/api/v1")
public class ChangeStreamController implements SmartLifecycle {

    private final ChangeFeed feed;
    private final ChangeFeedProperties properties;
    private final Set<ChangeStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public ChangeStreamController(ChangeFeed feed, ChangeFeedProperties properties, MeterRegistry meters) {
        this.feed = feed;
        this.properties = properties;
        Gauge.builder("roam.changes.streams", streams, Set::size)
                .description("open change streams").register(meters);
        Gauge.builder("roam.changes.retained", feed, ChangeFeed::retainedChanges)
                .description("changes kept for streams to resume from").register(meters);
    }

    /** A reconnecting EventSource sends {@code Last-Event-ID}; it wins over {@code ?from=}. */
    @GetMapping("/directory/changes")
    public synchronized SseEmitter changes(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                           @RequestParam(name = "from", required = false) String from,
                                           HttpServletResponse response) {
        if (!running || streams.size() >= properties.maxStreams()) {
            throw new EmException(EmError.BUSY, "no more change streams (" + properties.maxStreams() + " open)");
        }
        response.setHeader("Cache-Control", "no-store");
        // nginx and its kin buffer responses unless told not to; a buffered event stream is no stream
        response.setHeader("X-Accel-Buffering", "no");
        SseEmitter emitter = new SseEmitter(0L);
        ChangeStream stream = new ChangeStream(feed, emitter, lastEventId != null ? lastEventId : from,
                properties.heartbeat(), streams::remove);
        streams.add(stream);
        stream.start();
        return emitter;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        List.copyOf(streams).forEach(ChangeStream::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
