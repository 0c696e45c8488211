package io.roam.scenarios.simulation;

import io.roam.events.ClusterAnnounced;
import io.roam.events.ClusterHeartbeat;
import io.roam.events.Envelope;
import io.roam.events.EnvelopeHeader;
import io.roam.events.EventCodec;
import io.roam.events.EventType;
import io.roam.events.HybridLogicalClock;
import io.roam.events.RoamingEvent;
import io.roam.events.TopicPolicy;
import io.roam.events.UndecodableRecord;
import io.roam.events.UserLoggedIn;
import io.roam.scenarios.bench.report.Progress;
import io.roam.scenarios.load.DaemonThreads;
import io.roam.scenarios.load.FixedRateScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Many spokes in the bench's JVM, as their hubs see them: each cluster announces itself (its
 * first event, sequence 1), sends a heartbeat about once a second and publishes its logins with
 * dense sequence numbers and its own hybrid logical clock, in envelopes the spoke's codec encodes,
 * keyed by the cluster, on its outbound topic. What a real spoke does besides (its store, its
 * HTTP API, applying what it reads) is left out: a simulated cluster only reads its hub's feed,
 * read committed as the spoke's applier does, skips its own events and notes when each login
 * arrived. A few consumers read every hub's feed, once for all its clusters, and the hubs' meshes
 * and dead letters to count the copies. The last cluster holds back until {@link #join}: a cluster
 * that joins the running network, syncing from every other cluster's outbound topic as a spoke
 * with no position does.
 */
public final class SimulatedSpokes implements AutoCloseable {

    /** One simulated cluster: its id, its hub and the route string it announces. */
    public record Cluster(String id, String hub, String routeString) {
    }

    /** The spoke's default heartbeat interval. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_CONSUMERS = 4;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final List<Cluster> clusters;
    private final List<String> hubs;
    private final String bootstrapServers;
    private final Map<String, Integer> indexOf = new HashMap<>();
    /** The clusters of each hub, which all read its feed. */
    private final Map<String, List<Integer>> readersOf = new HashMap<>();
    private final EventCodec codec = new EventCodec();
    private final HybridLogicalClock[] clocks;
    /** The next sequence number of each cluster; only the thread that announces and then logs in touches it. */
    private final long[] nextSeq;
    private final AtomicLongArray acked;
    /** receiver * clusters + origin, for every announcement read. */
    private final Set<Long> announcementsRead = ConcurrentHashMap.newKeySet();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong heartbeatsRead = new AtomicLong();
    private final AtomicLong hubHeartbeatRecords = new AtomicLong();
    /** The source record of every dead letter: a hub that delivers at least once may write one twice. */
    private final Set<String> deadLetters = ConcurrentHashMap.newKeySet();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong loginsSent = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    /** The clusters taking part: all but the joiner until it joins. Only they send heartbeats and read feeds. */
    private volatile int active;
    private final List<Thread> readers = new ArrayList<>();
    private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private volatile Deliveries deliveries;
    private KafkaProducer<String, byte[]> producer;
    private ScheduledExecutorService heartbeats;

    /** @param joiner held back until {@link #join}, and configured at its hub like the founders */
    public SimulatedSpokes(List<Cluster> founders, Cluster joiner, List<String> hubs, String bootstrapServers) {
        List<Cluster> clusters = new ArrayList<>(founders);
        clusters.add(joiner);
        this.clusters = List.copyOf(clusters);
        this.active = founders.size();
        this.hubs = List.copyOf(hubs);
        this.bootstrapServers = bootstrapServers;
        for (int i = 0; i < clusters.size(); i++) {
            indexOf.put(clusters.get(i).id(), i);
            readersOf.computeIfAbsent(clusters.get(i).hub(), h -> new ArrayList<>()).add(i);
        }
        this.clocks = new HybridLogicalClock[clusters.size()];
        for (int i = 0; i < clocks.length; i++) {
            clocks[i] = HybridLogicalClock.systemClock();
        }
        this.nextSeq = new long[clusters.size()];
        Arrays.fill(nextSeq, 1);
        this.acked = new AtomicLongArray(clusters.size());
    }

    int size() {
        return clusters.size();
    }

    /**
     * Creates the clusters' outbound topics if missing (as a spoke does), waits for the hubs' feeds,
     * meshes and dead letters, starts reading, announces every founder and starts the heartbeats.
     */
    public void start() throws InterruptedException {
        List<String> topics = clusters.stream().map(c -> TopicPolicy.spokeOutbound(c.id())).toList();
        List<String> hubTopics = new ArrayList<>(hubs.stream().map(TopicPolicy::hubFeed).toList());
        hubs.stream().map(TopicPolicy::hubMesh).forEach(hubTopics::add);
        hubTopics.add(TopicPolicy.DEAD_LETTERS);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            createIfMissing(admin, topics);
            awaitTopics(admin, hubTopics);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        Map<Integer, List<TopicPartition>> shares = new HashMap<>();
        hubTopics.forEach(t -> partitions.add(new TopicPartition(t, 0)));
        int readerCount = Math.min(MAX_CONSUMERS, clusters.size());
        for (int i = 0; i < partitions.size(); i++) {
            shares.computeIfAbsent(i % readerCount, k -> new ArrayList<>()).add(partitions.get(i));
        }
        for (List<TopicPartition> share : shares.values()) {
            KafkaConsumer<byte[], byte[]> consumer = consumer(Integer.toString(readers.size()));
            consumer.assign(share);
            consumer.seekToBeginning(share);
            consumers.add(consumer);
            Thread reader = new Thread(() -> read(consumer), "simulated-spokes-reader-" + readers.size());
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
        producer = producer();
        for (int i = 0; i < active; i++) {
            announce(i);
        }
        producer.flush();
        heartbeats = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("simulated-heartbeats"));
        // Spread over the interval, as independent spokes are: one cluster's heartbeat at a time.
        long period = HEARTBEAT_INTERVAL.toNanos() / clusters.size();
        AtomicLong turn = new AtomicLong();
        heartbeats.scheduleAtFixedRate(() -> heartbeat((int) (turn.getAndIncrement() % clusters.size())), period, period,
                TimeUnit.NANOSECONDS);
    }

    /**
     * Until every founder has read every other's announcement: every path through the hubs works.
     * Says how far it got every {@code every}, so that a slow network shows whether it converges.
     */
    public void awaitAnnouncements(Duration timeout, Duration every, Progress progress) throws InterruptedException {
        long wanted = (long) active * (active - 1);
        long start = System.nanoTime();
        long nextReport = start + every.toNanos();
        while (announcementsRead.size() < wanted) {
            requireHealthy();
            long now = System.nanoTime();
            if (now - start > timeout.toNanos()) {
                throw new IllegalStateException(announcementsRead.size() + " of " + wanted
                        + " announcements read after " + timeout.toSeconds() + " s");
            }
            if (now >= nextReport) {
                progress.say(announcementsRead.size() + " of " + wanted + " announcements read");
                nextReport += every.toNanos();
            }
            Thread.sleep(100);
        }
    }

    /** How long the joiner took to know every other cluster, and every other cluster to know it. */
    public record Join(Duration learned, Duration synced, Duration known, long recordsRead) {
    }

    /**
     * The joiner announces itself and syncs as a spoke with no position does: every other cluster's
     * outbound topic from the beginning to the end it had on arrival. Timed from before its
     * announcement until it read the last other cluster's announcement (its membership and route
     * string), until it reached those ends, and until every other cluster read its announcement.
     */
    public Join join(Duration timeout) throws InterruptedException {
        int joiner = clusters.size() - 1;
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        active = clusters.size();
        announce(joiner);
        producer.flush();
        List<TopicPartition> others = new ArrayList<>();
        for (int i = 0; i < joiner; i++) {
            others.add(new TopicPartition(TopicPolicy.spokeOutbound(clusters.get(i).id()), 0));
        }
        Set<Integer> announced = new HashSet<>();
        long learned = 0;
        long recordsRead = 0;
        try (KafkaConsumer<byte[], byte[]> sync = consumer("joiner")) {
            sync.assign(others);
            sync.seekToBeginning(others);
            Map<TopicPartition, Long> ends = sync.endOffsets(others, ADMIN_TIMEOUT);
            while (announced.size() < joiner || others.stream().anyMatch(p -> sync.position(p) < ends.get(p))) {
                requireBefore(deadline, timeout, "the joiner read " + announced.size() + " of " + joiner + " announcements");
                for (ConsumerRecord<byte[], byte[]> record : sync.poll(POLL)) {
                    recordsRead++;
                    Optional<Integer> origin = announcedBy(record);
                    if (origin.isPresent() && announced.add(origin.get()) && announced.size() == joiner) {
                        learned = System.nanoTime();
                    }
                }
            }
        }
        long synced = System.nanoTime();
        while (!knownByAll(joiner)) {
            requireBefore(deadline, timeout, "not every cluster read the joiner's announcement");
            Thread.sleep(5);
        }
        long known = System.nanoTime();
        return new Join(Duration.ofNanos(learned - start), Duration.ofNanos(synced - start), Duration.ofNanos(known - start),
                recordsRead);
    }

    /**
     * Logins at a fixed total rate, the clusters taking turns, each login due on the schedule;
     * returns once every login reached every other cluster (or the drain timeout gave up on them).
     * The joiner takes part, so it must have joined.
     */
    public Deliveries logins(double rate, Duration duration) throws InterruptedException {
        if (active < clusters.size()) {
            throw new IllegalStateException("logins need every cluster, the joiner too");
        }
        Deliveries run = new Deliveries(clusters.size());
        deliveries = run;
        long[] turn = {0};
        new FixedRateScheduler().run(rate, duration, dueNanos -> {
            int origin = (int) (turn[0]++ % clusters.size());
            int observer = ThreadLocalRandom.current().nextInt(clusters.size() - 1);
            if (observer >= origin) {
                observer++;
            }
            long n = loginsSent.incrementAndGet();
            String cluster = clusters.get(origin).id();
            run.expect(origin, nextSeq[origin], dueNanos, observer);
            send(origin, new UserLoggedIn(UUID.randomUUID().toString(), "scale-u" + n, cluster, "SEPSCALE" + n,
                    clocks[origin].tick()));
        });
        long giveUp = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (run.pending() > 0 && System.nanoTime() < giveUp) {
            requireHealthy();
            Thread.sleep(5);
        }
        run.giveUp(System.nanoTime());
        return run;
    }

    public long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    public long heartbeatsRead() {
        return heartbeatsRead.get();
    }

    /** Hub heartbeat records read on every mesh and feed. */
    public long hubHeartbeatRecords() {
        return hubHeartbeatRecords.get();
    }

    public long deadLetters() {
        return deadLetters.size();
    }

    public long undecodable() {
        return undecodable.get();
    }

    public long sendErrors() {
        return sendErrors.get();
    }

    public int readers() {
        return readers.size();
    }

    private void announce(int i) {
        Cluster cluster = clusters.get(i);
        send(i, new ClusterAnnounced(cluster.id(), cluster.hub(), cluster.routeString(), clocks[i].tick()));
    }

    /** The origin index of an announcement of a simulated cluster. */
    private Optional<Integer> announcedBy(ConsumerRecord<byte[], byte[]> record) {
        try {
            EnvelopeHeader header = codec.decodeHeader(record.value());
            return EventType.byWireName(header.type()).filter(t -> t == EventType.CLUSTER_ANNOUNCED)
                    .map(t -> indexOf.get(header.origin()));
        } catch (UndecodableRecord e) {
            undecodable.incrementAndGet();
            return Optional.empty();
        }
    }

    private boolean knownByAll(int cluster) {
        for (int to = 0; to < clusters.size(); to++) {
            if (to != cluster && !announcementsRead.contains((long) to * clusters.size() + cluster)) {
                return false;
            }
        }
        return true;
    }

    private void requireBefore(long deadlineNanos, Duration timeout, String otherwise) {
        requireHealthy();
        if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException(otherwise + " within " + timeout.toSeconds() + " s of its start");
        }
    }

    /** A sequenced event of cluster {@code i}, as its outbox sequencer and publisher would write it. */
    private void send(int i, RoamingEvent event) {
        long seq = nextSeq[i]++;
        Envelope envelope = Envelope.of(UUID.randomUUID().toString(), clusters.get(i).id(), seq, event);
        publish(i, envelope, seq);
    }

    private void heartbeat(int i) {
        if (i >= active) {
            return;
        }
        String cluster = clusters.get(i).id();
        heartbeatsSent.incrementAndGet();
        publish(i, Envelope.heartbeat(new ClusterHeartbeat(cluster, acked.get(i), System.currentTimeMillis(),
                clocks[i].tick())), 0);
    }

    private void publish(int i, Envelope envelope, long seq) {
        String cluster = clusters.get(i).id();
        producer.send(new ProducerRecord<>(TopicPolicy.spokeOutbound(cluster), cluster, codec.encode(envelope)),
                (metadata, error) -> {
                    if (error != null) {
                        sendErrors.incrementAndGet();
                    } else if (seq > 0) {
                        acked.accumulateAndGet(i, seq, Math::max);
                    }
                });
    }

    private void read(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    read(record, System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record, long nowNanos) {
        if (record.topic().equals(TopicPolicy.DEAD_LETTERS)) {
            deadLetters.add(header(record, "roam-dlq-source-topic") + "-" + header(record, "roam-dlq-source-partition") + "@"
                    + header(record, "roam-dlq-source-offset"));
            return;
        }
        EnvelopeHeader header;
        try {
            header = codec.decodeHeader(record.value());
        } catch (UndecodableRecord e) {
            undecodable.incrementAndGet();
            return;
        }
        Optional<String> feedOf = TopicPolicy.hubOfFeed(record.topic());
        Optional<EventType> type = EventType.byWireName(header.type());
        if (type.filter(t -> t == EventType.HUB_HEARTBEAT).isPresent()) {
            hubHeartbeatRecords.incrementAndGet();
            if (feedOf.isPresent()) {
                heartbeatsRead.incrementAndGet();
            }
            return;
        }
        Integer origin = indexOf.get(header.origin());
        if (origin == null || type.isEmpty()) {
            undecodable.incrementAndGet();
            return;
        }
        Deliveries run = deliveries;
        if (type.get() == EventType.USER_LOGGED_IN && run != null) {
            run.copied(origin, header.sequence());
            String originHub = clusters.get(origin).hub();
            if (TopicPolicy.hubOfMesh(record.topic()).filter(originHub::equals).isPresent()) {
                run.hops().sentByOriginHub(origin, header.sequence(), record.timestamp());
            } else if (feedOf.filter(hub -> !hub.equals(originHub)).isPresent()) {
                run.hops().readFromOtherHub(origin, header.sequence(), record.timestamp(), nowNanos);
            }
        }
        if (feedOf.isEmpty()) {
            // A hub's mesh: a copy on the broker that no simulated cluster reads.
            return;
        }
        for (int to : readersOf.getOrDefault(feedOf.get(), List.of())) {
            if (to == origin || to >= active) {
                continue;
            }
            switch (type.get()) {
                case USER_LOGGED_IN -> {
                    if (run != null) {
                        run.received(to, origin, header.sequence(), nowNanos);
                    }
                }
                case CLUSTER_ANNOUNCED -> announcementsRead.add((long) to * clusters.size() + origin);
                default -> undecodable.incrementAndGet();
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void requireHealthy() {
        if (failure.get() != null) {
            throw new IllegalStateException("a reader of the simulated spokes failed: " + failure.get(), failure.get());
        }
    }

    /** As the spoke's topic setup: one partition, kept for ever; topics that exist are left alone. */
    private static void createIfMissing(Admin admin, List<String> topics) throws InterruptedException {
        List<NewTopic> wanted = topics.stream()
                .map(t -> new NewTopic(t, 1, (short) 1).configs(Map.of("retention.ms", "-1", "retention.bytes", "-1")))
                .toList();
        for (var created : admin.createTopics(wanted).values().entrySet()) {
            try {
                created.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + created.getKey() + ": " + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("the broker did not create " + created.getKey() + " within "
                        + ADMIN_TIMEOUT.toSeconds() + " s", e);
            }
        }
    }

    /** The hubs create their meshes and the dead letters once their relays start. */
    private static void awaitTopics(Admin admin, List<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.multipliedBy(4).toNanos();
        Set<String> missing = new HashSet<>(topics);
        while (!missing.isEmpty()) {
            try {
                missing.removeAll(admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot list the broker's topics: " + e, e);
            }
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hubs did not create " + missing);
            }
            Thread.sleep(250);
        }
    }

    /** The spoke applier's settings, with smaller fetches: one consumer here reads many clusters' topics. */
    private KafkaConsumer<byte[], byte[]> consumer(String name) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        config.put("max.poll.records", 500);
        config.put("fetch.max.wait.ms", 50);
        config.put("fetch.max.bytes", 4 * 1024 * 1024);
        config.put("max.partition.fetch.bytes", 256 * 1024);
        config.put("client.id", "bench-simulated-spokes-" + name);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The spoke publisher's settings; one producer for every simulated cluster. */
    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("acks", "all");
        config.put("enable.idempotence", true);
        config.put("linger.ms", 1);
        config.put("max.block.ms", 5000);
        config.put("delivery.timeout.ms", 30000);
        config.put("request.timeout.ms", 10000);
        config.put("client.id", "bench-simulated-spokes");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            heartbeats.awaitTermination(5, TimeUnit.SECONDS);
        }
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread reader : readers) {
            reader.join(10_000);
        }
        // Closed here, by the thread that made them, once their readers are done with them.
        consumers.forEach(c -> c.close(Duration.ofSeconds(5)));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
