package io.roam.routecache;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Kamailio's evapi end as the proxy's configuration uses it: netstrings of commands applied to two tables. */
final class FakeKamailio implements AutoCloseable {

    private final ServerSocket server;
    private final RecordingTables tables = new RecordingTables();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Socket connection;
    private volatile int connections;

    FakeKamailio() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "fake-kamailio");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    synchronized Map<String, String> routing() {
        return Map.copyOf(tables.routing());
    }

    int connections() {
        return connections;
    }

    List<String> received() {
        return received;
    }

    /** As a restarted proxy: the connection drops and the tables are empty. */
    synchronized void restart() throws IOException {
        tables.tables.values().forEach(Map::clear);
        tables.serving = Optional.empty();
        if (connection != null) {
            connection.close();
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connection = socket;
                connections++;
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (String command = netstring(in); command != null; command = netstring(in)) {
                    received.add(command);
                    apply(command.split("\\|", -1));
                }
            } catch (IOException e) {
                // the connection or the server closed
            }
            synchronized (this) {
                // evapi:connection-closed
                tables.serving = Optional.empty();
            }
        }
    }

    private synchronized void apply(String[] words) {
        switch (words[0]) {
            case "set" -> tables.set(table(words[1]), words[2], new Route(words[3], words[4], words[5], words[6]));
            case "del" -> tables.delete(table(words[1]), words[2]);
            case "clear" -> tables.clear(table(words[1]));
            case "use" -> tables.use(words[1].equals("-") ? Optional.empty() : Optional.of(table(words[1])));
            case "beat" -> tables.beat();
            default -> throw new IllegalStateException("unknown command " + String.join("|", words));
        }
    }

    private static Table table(String wire) {
        return wire.equals("a") ? Table.A : Table.B;
    }

    private static String netstring(InputStream in) throws IOException {
        int length = 0;
        for (int c = in.read(); c != ':'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            length = length * 10 + (c - '0');
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != ',') {
            return null;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (connection != null) {
            connection.close();
        }
    }
}
