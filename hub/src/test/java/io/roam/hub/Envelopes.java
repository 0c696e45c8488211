package io.roam.hub;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Records as spokes write them, spelled out in the wire format of the contract. */
public final class Envelopes {

    private static final AtomicLong IDS = new AtomicLong();

    private Envelopes() {
    }

    public static byte[] loggedIn(String origin) {
        return loggedIn(origin, origin);
    }

    /** A login at {@code cluster}, stated by {@code origin}: a forgery unless they are the same. */
    public static byte[] loggedIn(String origin, String cluster) {
        return envelope(origin, 1, "UserLoggedIn", 1, """
                {"loginId":"login-1","userId":"bob","cluster":"%s","device":"SEP000000000021","hlc":7}""".formatted(cluster));
    }

    public static byte[] heartbeat(String origin) {
        return envelope(origin, 0, "ClusterHeartbeat", 1, """
                {"cluster":"%s","lastSequence":12,"wallTimeMillis":1700000000000,"hlc":7}""".formatted(origin));
    }

    /** Hub {@code hub}'s heartbeat, carrying one beat of each of {@code clusters}. */
    public static byte[] hubHeartbeat(String hub, String... clusters) {
        StringBuilder beats = new StringBuilder();
        for (String cluster : clusters) {
            beats.append(beats.isEmpty() ? "" : ",").append("""
                    {"cluster":"%s","lastSequence":12,"wallTimeMillis":1700000000000,"hlc":7,"heldMillis":5,"apparentDelays":{}}"""
                    .formatted(cluster));
        }
        return envelope(hub, 0, "HubHeartbeat", 1, """
                {"hub":"%s","hlc":7,"beats":[%s]}""".formatted(hub, beats));
    }

    public static byte[] announced(String origin, String cluster, String hub) {
        return envelope(origin, 1, "ClusterAnnounced", 1, """
                {"cluster":"%s","hub":"%s","routeString":"sip:%s.example.net:5060","hlc":7}""".formatted(cluster, hub, cluster));
    }

    public static byte[] envelope(String origin, long sequence, String type, int schemaVersion, String payload) {
        return """
                {"eventId":"e-%d","origin":"%s","seq":%d,"hlc":7,"type":"%s","schemaVersion":%d,"payload":%s}"""
                .formatted(IDS.incrementAndGet(), origin, sequence, type, schemaVersion, payload)
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
