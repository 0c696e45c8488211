package io.roam.scenarios.sip;

import io.roam.scenarios.client.ApiResponse;
import io.roam.scenarios.client.Provisioner;
import io.roam.scenarios.process.ProcessCpu;
import io.roam.scenarios.process.UdpDrops;
import io.roam.scenarios.support.Poll;
import io.roam.scenarios.topology.TopologyControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Calls at a fixed rate through a dialing cluster's proxy while users roam, then the call-setup
 * time its routing adds.
 *
 * <ol>
 *   <li>Roaming: SIPp calls the roamers' DNs at {@code callsPerSecond} for {@code duration} while
 *       they log in at other clusters one after another. Each answered call is checked against the
 *       moves: it must land where the last acknowledged move put the user when the INVITE left, unless
 *       a move of that user was under way or acknowledged less than {@code window} before (the
 *       dialing spoke may not have heard of it yet) at any time between the INVITE and its answer
 *       (the proxy looked up somewhere in between): such calls are counted apart and may land at the
 *       old or the new cluster.</li>
 *   <li>Overhead: the same rate for {@code overheadDuration}, no roaming, through a second proxy of
 *       the same configuration that relays to fixed phones without routing, then through the
 *       dialing proxy, {@code repeats} times in turn (run-to-run noise is as large as the
 *       difference); the medians over the repeats of the setup times' percentiles are compared.</li>
 * </ol>
 */
public final class SipLoad {

    public static final String PIN = "4321";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CPU_SAMPLING = Duration.ofMillis(500);

    /**
     * @param roamers          users that move among the clusters, one DN each
     * @param moveInterval     a login at another cluster every this long, the roamers in turn
     * @param window           how long after a move's acknowledgement a call may still land at the old cluster
     */
    public record Settings(int callsPerSecond, Duration duration, int roamers, Duration moveInterval, Duration window,
                           Duration overheadDuration, int repeats, long seed) {

        public static Settings of(int callsPerSecond, Duration duration) {
            return new Settings(callsPerSecond, duration, 20, Duration.ofMillis(250), Duration.ofSeconds(1),
                    Duration.ofSeconds(Math.max(5, duration.toSeconds() / 2)), 1, 42);
        }

        /** The overhead measured {@code repeats} times in turn with and without routing, each run {@code overheadDuration} long. */
        public Settings withOverheadRepeats(int repeats, Duration overheadDuration) {
            return new Settings(callsPerSecond, duration, roamers, moveInterval, window, overheadDuration, repeats, seed);
        }
    }

    /** A login that moved a roamer: requested, then acknowledged (or refused). */
    record Move(String dn, String cluster, Instant requested, Instant acknowledged) {
    }

    /** Setup times of the answered calls of one run. */
    public record Latency(int calls, double p50Ms, double p99Ms) {

        static Latency of(List<SipCall> calls) {
            List<Long> micros = calls.stream().filter(SipCall::answered).map(c -> c.setup().toNanos() / 1000).sorted().toList();
            return new Latency(micros.size(), percentile(micros, 0.50), percentile(micros, 0.99));
        }

        /** The median over runs of each percentile; the calls of every run. */
        static Latency median(List<Latency> runs) {
            return new Latency(runs.stream().mapToInt(Latency::calls).sum(), medianOf(runs.stream().map(Latency::p50Ms).toList()),
                    medianOf(runs.stream().map(Latency::p99Ms).toList()));
        }

        static double medianOf(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        private static double percentile(List<Long> sorted, double p) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p * sorted.size());
            return sorted.get(Math.max(0, rank - 1)) / 1000.0;
        }
    }

    /**
     * @param placed           calls asked of SIPp in the roaming run
     * @param answeredBy       answered calls per cluster, by the answers' Contact at the caller
     * @param phonesCounted    calls that reached each cluster's phones, by their own statistics
     * @param refused          calls the proxy refused (404, 503, …)
     * @param failed           calls SIPp did not finish (no final response, unexpected message)
     * @param moves            logins acknowledged during the run; {@code movesRefused} were refused
     * @param asDirectory      answered calls outside any move's window that landed where the directory named
     * @param inWindow         answered calls within a move's window (either cluster is right)
     * @param misrouted        answered calls that landed elsewhere: must be 0
     * @param roaming          setup times during the roaming run
     * @param withLookups      setup times through the dialing proxy, no roaming, one per repeat
     * @param withoutLookups   setup times through the same proxy configuration that skips routing, one per repeat
     * @param cpu              each program's share of all cores during the roaming run (empty without /proc)
     * @param udpDrops         datagrams the kernel dropped for full receive buffers during the roaming run, any socket (-1 without /proc)
     */
    public record Result(Settings settings, String dialing, int placed, Map<String, Long> answeredBy,
                         Map<String, Long> phonesCounted, int refused, int failed, int moves, int movesRefused,
                         int asDirectory, int inWindow, int misrouted, Latency roaming, List<Latency> withLookups,
                         List<Latency> withoutLookups, double achievedCallsPerSecond, Map<String, Double> cpu,
                         long udpDrops) {

        public Latency withLookup() {
            return Latency.median(withLookups);
        }

        public Latency withoutLookup() {
            return Latency.median(withoutLookups);
        }

        /** The median over the repeats of each repeat's difference: a repeat's pair ran back to back. */
        public double overheadP50Ms() {
            return Latency.medianOf(IntStream.range(0, withLookups.size())
                    .mapToObj(i -> withLookups.get(i).p50Ms() - withoutLookups.get(i).p50Ms()).toList());
        }

        public double overheadP99Ms() {
            return Latency.medianOf(IntStream.range(0, withLookups.size())
                    .mapToObj(i -> withLookups.get(i).p99Ms() - withoutLookups.get(i).p99Ms()).toList());
        }

        public List<String> lines() {
            return List.of(
                    "%d calls/s for %d s through %s's proxy while %d users roamed (%d moves, %d refused): %.0f calls/s finished"
                            .formatted(settings.callsPerSecond(), settings.duration().toSeconds(), dialing, settings.roamers(),
                                    moves, movesRefused, achievedCallsPerSecond),
                    "answered per cluster (caller): " + answeredBy + "; reached per cluster (phones' statistics): " + phonesCounted,
                    "refused %d, failed %d of %d; UDP datagrams dropped for full receive buffers: %d".formatted(refused, failed, placed, udpDrops),
                    "landed where the directory said: %d; within %d ms of a move (either cluster): %d; misrouted: %d"
                            .formatted(asDirectory, settings.window().toMillis(), inWindow, misrouted),
                    "setup while roaming: p50 %.2f ms, p99 %.2f ms (%d calls)".formatted(roaming.p50Ms(), roaming.p99Ms(), roaming.calls()),
                    "routing overhead at %d calls/s, medians of %d repeats: routed p50 %.2f / p99 %.2f ms, fixed p50 %.2f / p99 %.2f ms: +%.2f ms p50, +%.2f ms p99"
                            .formatted(settings.callsPerSecond(), withLookups.size(), withLookup().p50Ms(), withLookup().p99Ms(),
                                    withoutLookup().p50Ms(), withoutLookup().p99Ms(), overheadP50Ms(), overheadP99Ms()),
                    "CPU share of all cores while roaming: " + cpu.entrySet().stream()
                            .filter(program -> program.getValue() >= 0.005)
                            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                            .map(program -> "%s %.1f %%".formatted(program.getKey(), 100 * program.getValue()))
                            .collect(Collectors.joining(", ")));
        }
    }

    private final TopologyControl topology;
    private final SipNetwork network;
    private final String dialing;
    private final Settings settings;
    private final Consumer<String> progress;

    public SipLoad(TopologyControl topology, SipNetwork network, String dialing, Settings settings, Consumer<String> progress) {
        this.topology = topology;
        this.network = network;
        this.dialing = dialing;
        this.settings = settings;
        this.progress = progress;
    }

    public static String dn(int roamer) {
        return Integer.toString(6_100_000 + roamer);
    }

    public static String user(int roamer) {
        return "sip-roamer-" + roamer;
    }

    public static String device(int roamer, String cluster) {
        return "SIP-" + roamer + "-" + cluster;
    }

    public Result run() throws IOException {
        List<String> clusters = topology.clusterIds();
        Map<String, String> where = provision(clusters);
        progress.accept("roaming: %d calls/s for %d s while %d users move".formatted(settings.callsPerSecond(),
                settings.duration().toSeconds(), settings.roamers()));
        Map<String, Long> countedBefore = network.incomingCalls();
        AtomicBoolean calling = new AtomicBoolean(true);
        List<Move> moves = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> mover = CompletableFuture.supplyAsync(() -> roam(clusters, where, moves, calling));
        SippCaller.Result roamingRun;
        Optional<ProcessCpu> cpu = ProcessCpu.start(CPU_SAMPLING);
        OptionalLong dropsBefore = UdpDrops.now();
        try {
            roamingRun = network.run(network.proxy(dialing), plan(settings.duration()));
        } finally {
            calling.set(false);
        }
        OptionalLong dropsAfter = UdpDrops.now();
        long udpDrops = dropsBefore.isPresent() && dropsAfter.isPresent() ? dropsAfter.getAsLong() - dropsBefore.getAsLong() : -1;
        Map<String, Double> cpuShares = cpu.map(ProcessCpu::shares).orElse(Map.of());
        int movesRefused = mover.join();
        Map<String, Long> phonesCounted = countedAfter(countedBefore, roamingRun.calls().stream().filter(SipCall::answered).count());
        writeMoves(moves, roamingRun.directory().resolve("moves.csv"));
        Landings landings = classify(roamingRun, moves);
        progress.accept("overhead: %d calls/s for %d s without and with routing, %d times in turn".formatted(
                settings.callsPerSecond(), settings.overheadDuration().toSeconds(), settings.repeats()));
        List<Latency> without = new ArrayList<>();
        List<Latency> with = new ArrayList<>();
        try (KamailioProxy fixed = fixedRoute(clusters.get(0))) {
            for (int repeat = 0; repeat < settings.repeats(); repeat++) {
                without.add(Latency.of(network.run(fixed, plan(settings.overheadDuration())).calls()));
                with.add(Latency.of(network.run(network.proxy(dialing), plan(settings.overheadDuration())).calls()));
            }
        }
        return new Result(settings, dialing, roamingRun.placed(), landings.answeredBy(), phonesCounted, landings.refused(),
                roamingRun.failed(), landings.moves(), movesRefused, landings.asDirectory(), landings.inWindow(),
                landings.misrouted(), Latency.of(roamingRun.calls()), with, without, callsPerSecond(roamingRun), cpuShares,
                udpDrops);
    }

    /** Next to the caller's calls.log, for checking a landing by hand. */
    private static void writeMoves(List<Move> moves, Path file) throws IOException {
        List<String> lines = new ArrayList<>(List.of("dn;cluster;requested;acknowledged"));
        synchronized (moves) {
            moves.forEach(m -> lines.add(String.join(";", m.dn(), m.cluster(), m.requested().toString(), m.acknowledged().toString())));
        }
        Files.write(file, lines);
    }

    /** Where the roaming run's calls landed, against the moves. */
    private record Landings(Map<String, Long> answeredBy, int refused, int moves, int asDirectory, int inWindow, int misrouted) {
    }

    private static double callsPerSecond(SippCaller.Result run) {
        Instant first = run.calls().stream().map(SipCall::sent).min(Comparator.naturalOrder()).orElse(Instant.now());
        Instant last = run.calls().stream().map(SipCall::sent).max(Comparator.naturalOrder()).orElse(first);
        double seconds = Duration.between(first, last).toNanos() / 1e9;
        return seconds > 0 ? (run.calls().size() - 1) / seconds : Double.NaN;
    }

    private SippCaller.Plan plan(Duration duration) {
        int calls = (int) (settings.callsPerSecond() * duration.toSeconds());
        return new SippCaller.Plan(IntStream.range(0, settings.roamers()).mapToObj(SipLoad::dn).toList(), calls,
                settings.callsPerSecond(), Math.max(100, settings.callsPerSecond() * 5), duration.plusSeconds(60));
    }

    /** Users homed round-robin, a phone for each at every cluster, each logged in at home; returns DN → cluster. */
    private Map<String, String> provision(List<String> clusters) {
        progress.accept("provisioning " + settings.roamers() + " roaming users with a phone at each of " + clusters.size() + " clusters");
        List<Provisioner.Phone> phones = new ArrayList<>();
        for (String cluster : clusters) {
            for (int i = 0; i < settings.roamers(); i++) {
                phones.add(new Provisioner.Phone(device(i, cluster), cluster));
            }
        }
        List<Provisioner.User> users = new ArrayList<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (int i = 0; i < settings.roamers(); i++) {
            String home = clusters.get(i % clusters.size());
            users.add(new Provisioner.User(user(i), PIN, List.of(dn(i)), home));
            where.put(dn(i), home);
        }
        new Provisioner(topology::spoke).provision(phones, users);
        // Logged in somewhere from an earlier run: free that phone first, the login below supersedes the rest.
        for (int i = 0; i < settings.roamers(); i++) {
            String home = where.get(dn(i));
            ApiResponse device = topology.spoke(home).device(device(i, home));
            if (device.isOk() && device.body().path("userId").isTextual()) {
                topology.spoke(home).logout(device(i, home)).requireOk("logout " + device(i, home));
            }
            topology.spoke(home).login(device(i, home), user(i), PIN).requireOk("login of " + user(i) + " at " + home);
        }
        Poll.until(System.nanoTime(), SETTLE_TIMEOUT, Duration.ofMillis(100), () -> {
            List<String> wrong = new ArrayList<>();
            where.forEach((dn, cluster) -> {
                ApiResponse route = topology.spoke(dialing).route(dn);
                if (!route.isOk() || !cluster.equals(route.text("target")) || route.text("routeString") == null) {
                    wrong.add(dn + " " + route);
                }
            });
            return wrong.isEmpty() ? List.of() : List.of(dialing + " does not route yet: " + wrong.get(0) + " (+" + (wrong.size() - 1) + ")");
        });
        return where;
    }

    /** Moves the roamers in turn to a random other cluster until the calls end; returns the refused logins. */
    private int roam(List<String> clusters, Map<String, String> where, List<Move> moves, AtomicBoolean calling) {
        Random random = new Random(settings.seed());
        int refused = 0;
        for (int i = 0; calling.get(); i = (i + 1) % settings.roamers()) {
            String dn = dn(i);
            List<String> others = clusters.stream().filter(c -> !c.equals(where.get(dn))).toList();
            String to = others.get(random.nextInt(others.size()));
            Instant requested = Instant.now();
            try {
                ApiResponse login = topology.spoke(to).login(device(i, to), user(i), PIN);
                if (login.isOk()) {
                    moves.add(new Move(dn, to, requested, Instant.now()));
                    where.put(dn, to);
                } else {
                    refused++;
                }
            } catch (UncheckedIOException e) {
                refused++;
            }
            try {
                Thread.sleep(settings.moveInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refused;
            }
        }
        return refused;
    }

    /** Each cluster's phones' count of this run's calls, once their statistics account for every answered call. */
    private Map<String, Long> countedAfter(Map<String, Long> before, long answered) {
        Map<String, Long> counted = new TreeMap<>();
        try {
            Poll.until(System.nanoTime(), Duration.ofSeconds(5), Duration.ofMillis(200), () -> {
                counted.clear();
                network.incomingCalls().forEach((cluster, calls) -> counted.put(cluster, calls - before.get(cluster)));
                long total = counted.values().stream().mapToLong(Long::longValue).sum();
                return total >= answered ? List.of() : List.of("phones counted " + total + " of " + answered);
            });
        } catch (Poll.NotConverged e) {
            progress.accept("the phones' statistics lag: " + e.getMessage());
        }
        return counted;
    }

    private Landings classify(SippCaller.Result run, List<Move> moves) {
        Map<String, List<Move>> byDn = new LinkedHashMap<>();
        List<Move> snapshot;
        synchronized (moves) {
            snapshot = List.copyOf(moves);
        }
        snapshot.forEach(move -> byDn.computeIfAbsent(move.dn(), dn -> new ArrayList<>()).add(move));
        Map<String, Long> answeredBy = new TreeMap<>();
        int refused = 0;
        int asDirectory = 0;
        int inWindow = 0;
        int misrouted = 0;
        for (SipCall call : run.calls()) {
            if (!call.answered()) {
                refused++;
                continue;
            }
            String landed = call.answeringPort().stream().boxed().findFirst().flatMap(network::clusterAt).orElse("?");
            answeredBy.merge(landed, 1L, Long::sum);
            List<Move> dnMoves = byDn.getOrDefault(call.dn(), List.of());
            // The proxy looked the DN up somewhere between the INVITE and its answer: a move whose outcome was
            // uncertain at any point of that span may or may not have reached the dialing spoke.
            Instant answered = call.sent().plus(call.setup());
            List<Move> open = dnMoves.stream().filter(m -> !m.requested().isAfter(answered)
                    && !m.acknowledged().plus(settings.window()).isBefore(call.sent())).toList();
            if (!open.isEmpty()) {
                Set<String> either = new HashSet<>(open.stream().map(Move::cluster).toList());
                either.add(previous(dnMoves, open.get(0)).map(Move::cluster).orElseGet(() -> homeAtStart(call.dn())));
                if (either.contains(landed)) {
                    inWindow++;
                } else {
                    misrouted++;
                }
                continue;
            }
            Optional<Move> last = dnMoves.stream().filter(m -> m.acknowledged().isBefore(call.sent())).reduce((a, b) -> b);
            // Before its first move a roamer is at home, where provisioning left it; the dialing spoke agreed then.
            String expected = last.map(Move::cluster).orElseGet(() -> homeAtStart(call.dn()));
            if (landed.equals(expected)) {
                asDirectory++;
            } else {
                misrouted++;
            }
        }
        return new Landings(answeredBy, refused, snapshot.size(), asDirectory, inWindow, misrouted);
    }

    private String homeAtStart(String dn) {
        int roamer = Integer.parseInt(dn) - 6_100_000;
        List<String> clusters = topology.clusterIds();
        return clusters.get(roamer % clusters.size());
    }

    private static Optional<Move> previous(List<Move> moves, Move move) {
        int index = moves.indexOf(move);
        return index > 0 ? Optional.of(moves.get(index - 1)) : Optional.empty();
    }

    /** The same proxy configuration relaying straight to one cluster's phones, started once for every repeat. */
    private KamailioProxy fixedRoute(String cluster) throws IOException {
        SippPhones phones = network.phones().get(cluster);
        String phonesRoute = "sip:" + cluster + "@127.0.0.1:" + phones.port();
        return KamailioProxy.start(network.tools(), KamailioProxy.Settings.of(dialing + "-fixed",
                        topology.spoke(dialing).baseUrl() + "/api/v1", phonesRoute).withFixedRoute(phonesRoute),
                network.directory().resolve("proxy-" + dialing + "-fixed"), Duration.ofSeconds(30));
    }
}
