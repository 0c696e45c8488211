package io.roam.hub.relay;

import io.roam.events.Envelope;
import io.roam.events.EventCodec;
import io.roam.events.HubHeartbeat;
import io.roam.events.TopicPolicy;
import io.roam.hub.membership.Membership;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heartbeats a hub heard since its last own heartbeat, and the records of its next one: on
 * its mesh its own spokes' beats (a peer's beats never go to a mesh, as no peer's event does), on
 * its feed every beat, with only the delay measurements its own spokes read. A beat goes out once,
 * in the first heartbeat after it arrived: repeating it would make a cluster that went silent look
 * alive. Confined to the relay thread.
 */
final class HeartbeatAggregator {

    /** Well under the codec's record limit: a heartbeat that would be larger goes out in pages. */
    static final int PAGE_BYTES = 48 * 1024;

    private record Heard(HubHeartbeat.Beat beat, long receivedAtMillis) {
    }

    private final String hubId;
    private final long intervalNanos;
    private final EventCodec codec;
    private final Map<String, Heard> heard = new HashMap<>();
    private long nextDueNanos;

    HeartbeatAggregator(String hubId, Duration interval, EventCodec codec, long nowNanos) {
        this.hubId = hubId;
        this.intervalNanos = interval.toNanos();
        this.codec = codec;
        this.nextDueNanos = nowNanos + intervalNanos;
    }

    /** Keeps each cluster's latest beat, by the cluster's own clock. */
    void heard(List<HubHeartbeat.Beat> beats, long nowMillis) {
        for (HubHeartbeat.Beat beat : beats) {
            heard.merge(beat.cluster(), new Heard(beat, nowMillis),
                    (kept, next) -> next.beat().wallTimeMillis() >= kept.beat().wallTimeMillis() ? next : kept);
        }
    }

    boolean due(long nowNanos) {
        return nowNanos - nextDueNanos >= 0;
    }

    /** The records of this hub's heartbeat, none if nothing was heard; starts the next interval. */
    List<ProducerRecord<byte[], byte[]>> emit(Membership membership, long nowMillis, long nowNanos) {
        nextDueNanos = nowNanos + intervalNanos;
        List<HubHeartbeat.Beat> own = new ArrayList<>();
        List<HubHeartbeat.Beat> all = new ArrayList<>();
        Set<String> ownSpokes = membership.ownSpokes();
        for (Heard h : heard.values()) {
            HubHeartbeat.Beat beat = h.beat().heldFor(nowMillis - h.receivedAtMillis());
            if (membership.isOwnSpoke(beat.cluster())) {
                own.add(beat);
            }
            all.add(beat.withDelaysOf(ownSpokes));
        }
        heard.clear();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        pages(own).forEach(page -> records.add(RelayRecords.own(TopicPolicy.hubMesh(hubId), hubId, page)));
        pages(all).forEach(page -> records.add(RelayRecords.own(TopicPolicy.hubFeed(hubId), hubId, page)));
        return records;
    }

    /** After an aborted transaction: what was heard is read again from the rewound input. */
    void forget() {
        heard.clear();
    }

    private List<byte[]> pages(List<HubHeartbeat.Beat> beats) {
        if (beats.isEmpty()) {
            return List.of();
        }
        long hlc = beats.stream().mapToLong(HubHeartbeat.Beat::hlc).max().orElseThrow();
        byte[] encoded = codec.encode(Envelope.heartbeat(new HubHeartbeat(hubId, hlc, beats)));
        if (encoded.length <= PAGE_BYTES || beats.size() == 1) {
            return List.of(encoded);
        }
        List<byte[]> pages = new ArrayList<>(pages(beats.subList(0, beats.size() / 2)));
        pages.addAll(pages(beats.subList(beats.size() / 2, beats.size())));
        return pages;
    }
}
