package io.roam.scenarios.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP (and UDP) ports for tests and ad-hoc topologies, where fixed ports would collide. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * {@code count} distinct ports that were free a moment ago. All sockets stay bound until every
     * port is chosen, so the kernel cannot hand out the same port twice.
     */
    public static int[] allocate(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free ports", e);
        } finally {
            sockets.forEach(FreePorts::close);
        }
    }

    /** {@code count} distinct UDP ports on the loopback address that were free a moment ago, e.g. for SIP. */
    public static int[] allocateUdp(int count) {
        List<DatagramSocket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            }
            return sockets.stream().mapToInt(DatagramSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free UDP ports", e);
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    private static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
