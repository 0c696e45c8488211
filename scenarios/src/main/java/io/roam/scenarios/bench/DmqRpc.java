package io.roam.scenarios.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/** JSON-RPC over UDP to one Kamailio node (jsonrpcs' datagram transport); one thread at a time. */
final class DmqRpc implements AutoCloseable {

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[65_535];
    private long lastId;

    DmqRpc(int port, Duration timeout) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.connect(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a JSON-RPC socket to UDP " + port, e);
        }
    }

    /** The reply, or empty if none came within the timeout (or the node is not listening yet). */
    Optional<JsonNode> call(String method, String... params) {
        long id = ++lastId;
        byte[] request = DmqMessages.rpcRequest(id, method, params);
        try {
            socket.send(new DatagramPacket(request, request.length));
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                JsonNode reply = DmqMessages.parse(buffer, packet.getLength());
                // A late reply to an earlier call that timed out is not this call's.
                if (DmqMessages.replyId(reply).orElse(-1) == id) {
                    return Optional.of(reply);
                }
            }
        } catch (IOException e) {
            // A timeout, or ICMP port unreachable on the connected socket: nobody listens there (yet).
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
