package io.roam.routecache;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Kamailio's routing tables over its evapi module: one command a netstring, on one TCP connection,
 * so the proxy applies them in order in its evapi event route. Commands are words split by
 * {@code |}, which no DN, cluster id or SIP URI holds ({@link RouteCache} checks): {@code
 * set|<table>|<dn>|<target>|<route>|<physical cluster>|<emergency route>}, {@code del|<table>|<dn>}, {@code clear|<table>}, {@code
 * use|<table>} or {@code use|-}, {@code beat}.
 * When the connection closes, the proxy stops routing from its tables. The proxy never writes
 * back, so a read that ends tells at once that it went away (a restarted proxy has empty tables).
 */
final class EvapiTables implements RoutingTables, AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private volatile boolean open = true;

    private EvapiTables(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** @param lost called once, from a thread of its own, when the proxy closes the connection */
    static EvapiTables connect(InetSocketAddress address, Duration timeout, Runnable lost) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            EvapiTables tables = new EvapiTables(socket);
            Thread watcher = new Thread(() -> tables.watch(lost), "evapi-watch");
            watcher.setDaemon(true);
            watcher.start();
            return tables;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Whether the proxy still holds the connection. */
    boolean isOpen() {
        return open;
    }

    private void watch(Runnable lost) {
        try (InputStream in = socket.getInputStream()) {
            while (in.read() >= 0) {
                // nothing is expected; whatever comes is ignored
            }
        } catch (IOException e) {
            // closed from either side
        }
        open = false;
        lost.run();
    }

    @Override
    public void set(Table table, String dn, Route route) throws IOException {
        send("set|" + table.wire() + "|" + dn + "|" + route.entry());
    }

    @Override
    public void delete(Table table, String dn) throws IOException {
        send("del|" + table.wire() + "|" + dn);
    }

    @Override
    public void clear(Table table) throws IOException {
        send("clear|" + table.wire());
    }

    @Override
    public void use(Optional<Table> table) throws IOException {
        send("use|" + table.map(Table::wire).orElse("-"));
        flush();
    }

    @Override
    public void beat() throws IOException {
        send("beat");
        flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void send(String command) throws IOException {
        byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
        out.write((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write(',');
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
