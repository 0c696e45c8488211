package io.roam.scenarios.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.topology.Topology;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Samples every spoke's {@code /replication} four times a second for the newest {@code lastHeardAt}
 * of all its origins. Every origin sends a heartbeat a second, and each hub passes those it heard
 * on in one heartbeat a second, so a spoke whose hub relays hears from everyone about once a
 * second; a stretch of more than two seconds in which it heard nothing from anyone is a relay gap. A gap is measured from the spoke's own arrival times, to within one
 * sampling interval.
 */
final class RelayGapMonitor {

    static final Duration SAMPLE_INTERVAL = Duration.ofMillis(250);
    private static final long SHORTEST_GAP_MILLIS = 2_000;
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(2);

    /** A time a spoke heard nothing, in milliseconds from the start of the run. */
    record Gap(String cluster, long fromMillis, long toMillis) {

        long millis() {
            return toMillis - fromMillis;
        }
    }

    private final Map<String, SpokeClient> spokes = new TreeMap<>();
    private final long runStartEpochMillis;
    private final ScheduledThreadPoolExecutor sampler;
    private final Map<String, Long> newestHeard = new HashMap<>();
    private final List<Gap> gaps = new ArrayList<>();

    RelayGapMonitor(Map<String, String> spokeUrls, long runStartEpochMillis) {
        spokeUrls.forEach((cluster, url) ->
                spokes.put(cluster, new SpokeClient(url, SpokeClient.DEFAULT_ADMIN_TOKEN, SAMPLE_TIMEOUT)));
        this.runStartEpochMillis = runStartEpochMillis;
        this.sampler = new ScheduledThreadPoolExecutor(spokes.size(), LoadGenerator.daemon("chaos-relay-gaps"));
    }

    void start() {
        spokes.keySet().forEach(cluster -> sampler.scheduleAtFixedRate(() -> sample(cluster), 0,
                SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
    }

    void stop() throws InterruptedException {
        sampler.shutdownNow();
        sampler.awaitTermination(SAMPLE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    synchronized List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    private void sample(String cluster) {
        OptionalLong heard = newestHeard(spokes.get(cluster));
        if (heard.isEmpty()) {
            return;
        }
        synchronized (this) {
            Long before = newestHeard.put(cluster, heard.getAsLong());
            if (before != null && heard.getAsLong() - before > SHORTEST_GAP_MILLIS) {
                gaps.add(new Gap(cluster, before - runStartEpochMillis, heard.getAsLong() - runStartEpochMillis));
            }
        }
    }

    /** The latest arrival from any origin; empty when the spoke does not answer or heard nothing yet. */
    private static OptionalLong newestHeard(SpokeClient spoke) {
        ApiResponse answer;
        try {
            answer = spoke.replication();
        } catch (UncheckedIOException e) {
            return OptionalLong.empty();
        }
        if (!answer.isOk()) {
            return OptionalLong.empty();
        }
        long newest = 0;
        for (JsonNode origin : answer.body().path("origins")) {
            newest = Math.max(newest, origin.path("lastHeardAt").asLong(0));
        }
        return newest == 0 ? OptionalLong.empty() : OptionalLong.of(newest);
    }

    /**
     * The longest gap, and the longest while a broker was down or frozen and neither the spoke nor
     * its hub was: what the brokers' own faults cost the relay. Faults elsewhere (another spoke or
     * hub) do not silence a spoke, which still hears its other peers.
     */
    static ChaosReport.RelayGaps summarize(List<Gap> gaps, List<Nemesis.Fault> faults, Topology topology, long endMillis) {
        Map<String, Long> longestByCluster = new TreeMap<>();
        gaps.forEach(gap -> longestByCluster.merge(gap.cluster(), gap.millis(), Math::max));
        ChaosReport.RelayGap longest = gaps.stream().max(Comparator.comparingLong(Gap::millis))
                .map(gap -> reported(gap, overlapping(gap, faults, endMillis))).orElse(null);
        ChaosReport.RelayGap duringBrokerFaults = null;
        Map<Integer, ChaosReport.RelayGap> longestByBrokerFault = new TreeMap<>();
        for (Gap gap : gaps) {
            List<Nemesis.Fault> during = overlapping(gap, faults, endMillis);
            String hub = topology.spoke(gap.cluster()).map(Topology.Spoke::hubId).orElse("");
            boolean ownFault = during.stream().flatMap(fault -> fault.nodes().stream())
                    .anyMatch(node -> node.equals(gap.cluster()) || node.equals(hub) || node.startsWith(hub + "#"));
            List<Nemesis.Fault> brokerFaults = during.stream().filter(fault -> fault.kind().strikesBroker()).toList();
            if (brokerFaults.isEmpty() || ownFault) {
                continue;
            }
            ChaosReport.RelayGap reported = reported(gap, during);
            if (duringBrokerFaults == null || gap.millis() > duringBrokerFaults.millis()) {
                duringBrokerFaults = reported;
            }
            brokerFaults.forEach(fault -> longestByBrokerFault.merge(fault.number(), reported,
                    (a, b) -> a.millis() >= b.millis() ? a : b));
        }
        List<String> byBrokerFault = new ArrayList<>();
        for (Nemesis.Fault fault : faults) {
            if (fault.kind().strikesBroker()) {
                ChaosReport.RelayGap gap = longestByBrokerFault.get(fault.number());
                byBrokerFault.add("#%d %s %s: %s".formatted(fault.number(), fault.kind(), fault.node(),
                        gap == null ? "no gap over 2 s" : "%.1f s at %s".formatted(gap.millis() / 1000.0, gap.cluster())));
            }
        }
        return new ChaosReport.RelayGaps(SAMPLE_INTERVAL.toMillis(), longest, duringBrokerFaults, byBrokerFault,
                longestByCluster);
    }

    private static List<Nemesis.Fault> overlapping(Gap gap, List<Nemesis.Fault> faults, long endMillis) {
        return faults.stream()
                .filter(fault -> fault.atMillis() <= gap.toMillis()
                        && (fault.recoveredAt() == null ? endMillis : fault.recoveredAt()) >= gap.fromMillis())
                .toList();
    }

    private static ChaosReport.RelayGap reported(Gap gap, List<Nemesis.Fault> during) {
        return new ChaosReport.RelayGap(gap.cluster(), gap.fromMillis(), gap.toMillis(), gap.millis(),
                during.stream().map(fault -> "#" + fault.number() + " " + fault.kind() + " " + fault.node()).toList());
    }
}
