package io.roam.scenarios.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What the bench says to the Kamailio peer and reads back: raw SIP REGISTERs and their final
 * answers, JSON-RPC requests and the replies of {@code dmq.list_nodes} and {@code ul.lookup}.
 */
final class DmqMessages {

    private static final String HOST = "127.0.0.1";

    private DmqMessages() {
    }

    /** A REGISTER of {@code user} at the registrar on {@code registrarPort}, binding {@link #contact}. */
    static byte[] register(String user, int contactPort, int registrarPort, int localPort, String callId) {
        return ("REGISTER sip:" + HOST + ":" + registrarPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + HOST + ":" + localPort + ";rport;branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + HOST + ">;tag=" + callId + "\r\n"
                + "To: <sip:" + user + "@" + HOST + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <" + contact(user, contactPort) + ">\r\n"
                + "Expires: 3600\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The contact a REGISTER binds, as {@code ul.lookup} shows it once a node has it. */
    static String contact(String user, int contactPort) {
        return "sip:" + user + "@" + HOST + ":" + contactPort;
    }

    /** A SIP response's status code and Call-ID. */
    record Answer(int status, String callId) {
    }

    /** Empty for anything but a SIP response with a Call-ID (either the long or the compact header). */
    static Optional<Answer> answer(String datagram) {
        String head = datagram.split("\r\n\r\n", 2)[0];
        List<String> lines = head.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("SIP/2.0 ")) {
            return Optional.empty();
        }
        String[] statusLine = lines.get(0).split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
        return lines.stream()
                .filter(line -> line.regionMatches(true, 0, "Call-ID:", 0, 8) || line.regionMatches(true, 0, "i:", 0, 2))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .map(callId -> new Answer(status, callId));
    }

    /** A JSON-RPC 2.0 request with string parameters. */
    /** How many nodes a {@code dmq.list_nodes} reply shows as active, this node included. */
    static long activeNodes(JsonNode reply) {
        long active = 0;
        for (JsonNode node : reply.path("result")) {
            if ("active".equals(node.path("status").asText())) {
                active++;
            }
        }
        return active;
    }

    /** True if a {@code ul.lookup} reply lists {@code contact}; an unknown AoR is an error reply. */
    static boolean hasContact(JsonNode reply, String contact) {
        for (JsonNode binding : reply.path("result").path("Contacts")) {
            if (contact.equals(binding.path("Contact").path("Address").asText())) {
                return true;
            }
        }
        return false;
    }
}
