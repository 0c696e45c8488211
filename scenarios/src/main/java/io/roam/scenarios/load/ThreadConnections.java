package io.roam.scenarios.load;

import java.util.ArrayList;
import java.util.List;

/** One keep-alive connection per worker thread to one base URL, all closed together at the end. */
public final class ThreadConnections implements AutoCloseable {

    private final String baseUrl;
    private final String bearerToken;
    private final List<Http1Connection> opened = new ArrayList<>();
    private final ThreadLocal<Http1Connection> mine;

    public ThreadConnections(String baseUrl, String bearerToken) {
        this.baseUrl = baseUrl;
        this.bearerToken = bearerToken;
        this.mine = ThreadLocal.withInitial(this::open);
    }

    public Http1Connection get() {
        return mine.get();
    }

    private synchronized Http1Connection open() {
        Http1Connection connection = new Http1Connection(baseUrl, bearerToken);
        opened.add(connection);
        return connection;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Http1Connection::close);
        opened.clear();
    }
}
