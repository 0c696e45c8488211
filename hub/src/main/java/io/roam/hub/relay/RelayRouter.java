package io.roam.hub.relay;

import io.roam.events.ClusterAnnounced;
import io.roam.events.ClusterHeartbeat;
import io.roam.events.Envelope;
import io.roam.events.EnvelopeHeader;
import io.roam.events.EventCodec;
import io.roam.events.EventType;
import io.roam.events.HubHeartbeat;
import io.roam.events.OriginPolicy;
import io.roam.events.TopicPolicy;
import io.roam.events.UndecodableRecord;
import io.roam.hub.membership.ClusterMembership;
import io.roam.hub.membership.Membership;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The hub's whole relay policy as a pure function of the source topic, the record's bytes and
 * what the hub knows about membership. From an own spoke's outbound topic a record goes to the
 * hub's mesh and to its feed, which all its spokes read (the origin skips its own); from a peer's
 * mesh only to the feed, never to a mesh (loop prevention). Heartbeats are not relayed one by one:
 * the hub passes them on in its own heartbeat. A payload must be its origin's to state
 * ({@link OriginPolicy}), and a hub's heartbeat may carry only clusters of that hub. Whatever may
 * not travel is a dead letter.
 */
public final class RelayRouter {

    private final String hubId;
    private final List<String> spokes;
    private final EventCodec codec;

    public RelayRouter(String hubId, List<String> spokes, EventCodec codec) {
        this.hubId = hubId;
        this.spokes = List.copyOf(spokes);
        this.codec = codec;
    }

    /** Own spokes' outbound topics and every peer's mesh, so a new peer hub needs no configuration here. */
    public Pattern inputTopics() {
        Stream<String> spokeOutbound = spokes.stream().map(spoke -> Pattern.quote(TopicPolicy.spokeOutbound(spoke)));
        Stream<String> peerMeshes = Stream.of(TopicPolicy.peerMeshPattern(hubId).pattern());
        return Pattern.compile(Stream.concat(spokeOutbound, peerMeshes)
                .map(alternative -> "(?:" + alternative + ")")
                .collect(Collectors.joining("|")));
    }

    public Route route(String sourceTopic, byte[] value, Membership membership) {
        Optional<String> ownSpoke = TopicPolicy.spokeOfOutbound(sourceTopic).filter(spokes::contains);
        Optional<String> peer = TopicPolicy.hubOfMesh(sourceTopic).filter(hub -> !hub.equals(hubId));
        if (ownSpoke.isEmpty() && peer.isEmpty()) {
            throw new IllegalArgumentException(sourceTopic + " is not an input topic of " + hubId);
        }
        EnvelopeHeader header;
        try {
            header = codec.decodeHeader(value);
        } catch (UndecodableRecord e) {
            return deadLetter(e);
        }
        if (EventType.byWireName(header.type()).isEmpty()) {
            return new Route.DeadLetter(DeadLetterReason.UNKNOWN_TYPE, header.type() + " from " + header.origin() + " on " + sourceTopic);
        }
        return ownSpoke.isPresent()
                ? fromOwnSpoke(ownSpoke.get(), sourceTopic, header, value)
                : fromPeer(peer.get(), sourceTopic, header, value, membership);
    }

    private Route fromOwnSpoke(String spoke, String sourceTopic, EnvelopeHeader header, byte[] value) {
        if (!header.origin().equals(spoke)) {
            return new Route.DeadLetter(DeadLetterReason.FORGED_ORIGIN, "origin " + header.origin() + " on " + sourceTopic);
        }
        Optional<Envelope> envelope;
        try {
            envelope = readPayload(value);
        } catch (UndecodableRecord e) {
            return deadLetter(e);
        }
        Optional<Route.DeadLetter> refused = envelope.flatMap(e -> refusal(e, hubId, sourceTopic));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (envelope.isPresent() && envelope.get().payload() instanceof HubHeartbeat) {
            return new Route.DeadLetter(DeadLetterReason.FORGED_ORIGIN, "a hub's heartbeat from spoke " + spoke + " on " + sourceTopic);
        }
        if (envelope.isPresent() && envelope.get().payload() instanceof ClusterHeartbeat heartbeat) {
            return new Route.Beats(spoke, List.of(HubHeartbeat.Beat.of(heartbeat)));
        }
        return new Route.Forward(spoke, List.of(TopicPolicy.hubMesh(hubId), TopicPolicy.hubFeed(hubId)), Optional.empty());
    }

    private Route fromPeer(String peer, String sourceTopic, EnvelopeHeader header, byte[] value, Membership membership) {
        String origin = header.origin();
        if (membership.isOwnSpoke(origin)) {
            return new Route.DeadLetter(DeadLetterReason.FORGED_ORIGIN,
                    "origin " + origin + " is a spoke of " + hubId + ", seen on " + sourceTopic);
        }
        Optional<String> knownHub = membership.hubOf(origin);
        if (knownHub.isPresent() && !knownHub.get().equals(peer)) {
            return new Route.DeadLetter(DeadLetterReason.FORGED_ORIGIN,
                    "origin " + origin + " belongs to " + knownHub.get() + ", seen on " + sourceTopic);
        }
        Optional<Envelope> envelope;
        try {
            envelope = readPayload(value);
        } catch (UndecodableRecord e) {
            return deadLetter(e);
        }
        Optional<Route.DeadLetter> refused = envelope.flatMap(e -> refusal(e, peer, sourceTopic));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (envelope.isPresent() && envelope.get().payload() instanceof HubHeartbeat heartbeat) {
            return peerBeats(peer, heartbeat, sourceTopic, membership);
        }
        if (envelope.isPresent() && envelope.get().payload() instanceof ClusterHeartbeat heartbeat) {
            // relayed one by one by a peer hub of an earlier version
            return new Route.Beats(peer, List.of(HubHeartbeat.Beat.of(heartbeat)));
        }
        Optional<ClusterMembership> learned = envelope
                .filter(e -> e.payload() instanceof ClusterAnnounced && knownHub.isEmpty())
                .map(e -> new ClusterMembership(origin, peer));
        return new Route.Forward(origin, List.of(TopicPolicy.hubFeed(hubId)), learned);
    }

    /** A peer's heartbeat speaks for its own clusters only: none of ours, none known at another hub. */
    private static Route peerBeats(String peer, HubHeartbeat heartbeat, String sourceTopic, Membership membership) {
        if (!heartbeat.hub().equals(peer)) {
            return new Route.DeadLetter(DeadLetterReason.FORGED_ORIGIN, "heartbeat of hub " + heartbeat.hub() + " on " + sourceTopic);
        }
        for (HubHeartbeat.Beat beat : heartbeat.beats()) {
            Optional<String> knownHub = membership.hubOf(beat.cluster());
            if (knownHub.isPresent() && !knownHub.get().equals(peer)) {
                return new Route.DeadLetter(DeadLetterReason.FORGED_ORIGIN, "heartbeat of " + beat.cluster() + " in hub "
                        + peer + "'s heartbeat on " + sourceTopic + ", but it belongs to " + knownHub.get());
            }
        }
        return new Route.Beats(peer, heartbeat.beats());
    }

    /** Empty for a newer schema version: it cannot be checked here, and is relayed for the spokes to park. */
    private Optional<Envelope> readPayload(byte[] value) throws UndecodableRecord {
        try {
            return Optional.of(codec.decode(value));
        } catch (UndecodableRecord e) {
            if (e.reason() == UndecodableRecord.Reason.NEWER_SCHEMA) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Why a payload may not travel: an announcement must name its origin and the hub it came
     * through; any payload must be its origin's to state ({@link OriginPolicy}).
     */
    private static Optional<Route.DeadLetter> refusal(Envelope envelope, String throughHub, String sourceTopic) {
        if (envelope.payload() instanceof ClusterAnnounced announced
                && !(envelope.origin().equals(announced.cluster()) && throughHub.equals(announced.hub()))) {
            return Optional.of(forgedAnnouncement(announced, envelope.origin(), sourceTopic));
        }
        return OriginPolicy.violation(envelope)
                .map(reason -> new Route.DeadLetter(DeadLetterReason.FORGED_PAYLOAD, reason + " on " + sourceTopic));
    }

    private static Route.DeadLetter forgedAnnouncement(ClusterAnnounced announced, String origin, String sourceTopic) {
        return new Route.DeadLetter(DeadLetterReason.FORGED_ANNOUNCEMENT, "cluster " + announced.cluster() + " at hub "
                + announced.hub() + " announced by " + origin + " on " + sourceTopic);
    }

    private static Route deadLetter(UndecodableRecord e) {
        String prefix = e.reason() + ": ";
        String message = e.getMessage();
        return new Route.DeadLetter(DeadLetterReason.of(e.reason()),
                message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }
}
