package io.roam.scenarios.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roam.scenarios.client.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** JSON-RPC over UDP to one Kamailio (jsonrpcs' datagram transport), on one socket; one call at a time. */
public final class KamailioRpc implements AutoCloseable {

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[65_535];
    private long lastId;

    public KamailioRpc(int port, Duration timeout) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.connect(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a JSON-RPC socket to UDP " + port, e);
        }
    }

    /** The reply, or empty if none came within the timeout (or the node is not listening yet). */
    public synchronized Optional<JsonNode> call(String method, String... params) {
        long id = ++lastId;
        byte[] request = request(id, method, params);
        try {
            socket.send(new DatagramPacket(request, request.length));
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                JsonNode reply = parse(buffer, packet.getLength());
                // A late reply to an earlier call that timed out is not this call's.
                if (replyId(reply).orElse(-1) == id) {
                    return Optional.of(reply);
                }
            }
        } catch (IOException e) {
            // A timeout, or ICMP port unreachable on the connected socket: nobody listens there (yet).
            return Optional.empty();
        }
    }

    static byte[] request(long id, String method, String... params) {
        ObjectNode request = JsonHttp.JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        List.of(params).forEach(request.putArray("params")::add);
        request.put("id", id);
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The id of a JSON-RPC reply; empty if it has none or is no JSON. */
    static OptionalLong replyId(JsonNode reply) {
        JsonNode id = reply.path("id");
        return id.canConvertToLong() ? OptionalLong.of(id.asLong()) : OptionalLong.empty();
    }

    /** A datagram as JSON; the missing node if it is none. */
    public static JsonNode parse(byte[] datagram, int length) {
        try {
            return JsonHttp.JSON.readTree(datagram, 0, length);
        } catch (IOException e) {
            return JsonHttp.JSON.missingNode();
        }
    }

    @Override
    public synchronized void close() {
        socket.close();
    }
}
