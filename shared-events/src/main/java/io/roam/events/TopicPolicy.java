package io.roam.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Topic naming and loop prevention in one place, in the spirit of MirrorMaker 2's
 * ReplicationPolicy. A spoke writes {@code ils.spoke.X.out}; its hub relays that once to its
 * feed {@code ils.hub.H.feed}, which every spoke of the hub reads, and, for peer hubs, to its
 * mesh {@code ils.hub.H.mesh}. A peer hub relays a mesh topic only to its own feed, never to
 * another mesh: that is what keeps a full mesh free of loops. Hubs never read feeds.
 */
public final class TopicPolicy {

    /** Every topic of the network starts with it, and no other does. */
    public static final String PREFIX = "ils.";

    public static final String DEAD_LETTERS = PREFIX + "dead-letters";

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_-]*";
    private static final Pattern SPOKE_OUT = Pattern.compile("ils\\.spoke\\.(" + NAME + ")\\.out");
    private static final Pattern SPOKE_IN = Pattern.compile("ils\\.spoke\\.(" + NAME + ")\\.in");
    private static final Pattern HUB_MESH = Pattern.compile("ils\\.hub\\.(" + NAME + ")\\.mesh");
    private static final Pattern HUB_FEED = Pattern.compile("ils\\.hub\\.(" + NAME + ")\\.feed");
    private static final Pattern VALID_ID = Pattern.compile(NAME);

    private TopicPolicy() {
    }

    public static String spokeOutbound(String cluster) {
        return "ils.spoke." + requireId(cluster) + ".out";
    }

    /** A spoke's own inbound topic, which hubs wrote before they had feeds: only migration and cleanup name it. */
    public static String spokeInbound(String cluster) {
        return "ils.spoke." + requireId(cluster) + ".in";
    }

    /** What every spoke of the hub reads: its spokes' events and its peers', each once. */
    public static String hubFeed(String hub) {
        return "ils.hub." + requireId(hub) + ".feed";
    }

    public static String hubMesh(String hub) {
        return "ils.hub." + requireId(hub) + ".mesh";
    }

    /** The memberships a hub has learned, compacted, so a restarted or standby instance knows them. */
    public static String hubMembers(String hub) {
        return "ils.hub." + requireId(hub) + ".members";
    }

    /** Every mesh topic but the given hub's own: what a hub consumes from its peers. */
    public static Pattern peerMeshPattern(String ownHub) {
        return Pattern.compile("ils\\.hub\\.(?!" + Pattern.quote(requireId(ownHub)) + "\\.mesh$)" + NAME + "\\.mesh");
    }

    /** The cluster that alone may write to this spoke outbound topic. */
    public static Optional<String> spokeOfOutbound(String topic) {
        return group(SPOKE_OUT, topic);
    }

    public static Optional<String> hubOfMesh(String topic) {
        return group(HUB_MESH, topic);
    }

    public static Optional<String> hubOfFeed(String topic) {
        return group(HUB_FEED, topic);
    }

    public static Optional<String> spokeOfInbound(String topic) {
        return group(SPOKE_IN, topic);
    }

    public static boolean isValidId(String id) {
        return id != null && VALID_ID.matcher(id).matches();
    }

    private static String requireId(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a valid cluster or hub id: " + id);
        }
        return id;
    }

    private static Optional<String> group(Pattern pattern, String topic) {
        Matcher m = pattern.matcher(topic);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
