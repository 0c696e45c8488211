package io.roam.scenarios.broker;

import io.roam.scenarios.process.ChildProcess;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * The genuine Apache Kafka broker ({@code kafka.Kafka}) as a child JVM, in KRaft combined mode
 * (broker and controller in one process): a single node, or one node of a cluster
 * ({@link ClusterMembership}). Its data survives stops, kills and restarts; the storage is
 * formatted only once, before the very first start.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Stopped after every client at JVM exit: hubs and spokes need the broker to shut down cleanly. */
    public static final int EXIT_STAGE = 100;

    /**
     * After a kill -9 the broker cannot re-register until its old session expires (Kafka's default is
     * 9 s); a shorter session makes chaos restarts quicker, and fences a frozen broker sooner.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);

    private static final String BROKER_MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL_MAIN = "kafka.tools.StorageTool";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PORT_PROBE_INTERVAL = Duration.ofMillis(100);

    /**
     * Where and how to run the broker.
     *
     * @param dataDir        holds server.properties and the log directory; keep it to keep the data
     * @param logDir         where broker.log and storage-format.log go
     * @param port           the client listener, on 127.0.0.1
     * @param controllerPort the KRaft controller listener, on 127.0.0.1
     * @param classpath      must contain kafka_2.13 and its dependencies
     * @param jvmArgs        heap and GC options of the broker JVM
     * @param overrides      broker properties replacing or adding to the defaults
     * @param startTimeout   how long {@link #start()} waits for the broker to accept clients
     * @param security       SASL and ACLs on every listener; null for the plaintext broker of local development
     * @param cluster        this node's place in a cluster; null for a single node
     */
    public record Settings(Path dataDir, Path logDir, int port, int controllerPort, String classpath,
                           List<String> jvmArgs, Map<String, String> overrides, Duration startTimeout,
                           BrokerSecurity security, ClusterMembership cluster) {

        /** Small heap and few GC threads: the broker shares two cores with hubs and spokes. */
        public static final List<String> DEFAULT_JVM_ARGS = List.of(
                "-Xms128m", "-Xmx512m",
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:ParallelGCThreads=2", "-XX:ConcGCThreads=1",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");

        public Settings {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(logDir, "logDir");
            Objects.requireNonNull(classpath, "classpath");
            jvmArgs = List.copyOf(jvmArgs);
            overrides = Map.copyOf(overrides);
            Objects.requireNonNull(startTimeout, "startTimeout");
        }

        /** Logs next to the data, this JVM's classpath, default JVM options, a 60 s start timeout. */
        public static Settings of(Path dataDir, int port, int controllerPort) {
            return new Settings(dataDir, dataDir, port, controllerPort, ChildProcess.currentClasspath(),
                    DEFAULT_JVM_ARGS, Map.of(), Duration.ofSeconds(60), null, null);
        }

        public Settings withLogDir(Path logDir) {
            return new Settings(dataDir, logDir, port, controllerPort, classpath, jvmArgs, overrides, startTimeout, security, cluster);
        }

        public Settings withClasspath(String classpath) {
            return new Settings(dataDir, logDir, port, controllerPort, classpath, jvmArgs, overrides, startTimeout, security, cluster);
        }

        public Settings withJvmArgs(List<String> jvmArgs) {
            return new Settings(dataDir, logDir, port, controllerPort, classpath, jvmArgs, overrides, startTimeout, security, cluster);
        }

        public Settings withOverrides(Map<String, String> overrides) {
            return new Settings(dataDir, logDir, port, controllerPort, classpath, jvmArgs, overrides, startTimeout, security, cluster);
        }

        public Settings withStartTimeout(Duration startTimeout) {
            return new Settings(dataDir, logDir, port, controllerPort, classpath, jvmArgs, overrides, startTimeout, security, cluster);
        }

        public Settings withSecurity(BrokerSecurity security) {
            return new Settings(dataDir, logDir, port, controllerPort, classpath, jvmArgs, overrides, startTimeout, security, cluster);
        }

        public Settings inCluster(ClusterMembership cluster) {
            return new Settings(dataDir, logDir, port, controllerPort, classpath, jvmArgs, overrides, startTimeout, security, cluster);
        }
    }

    private final Settings settings;
    private final Path propertiesFile;
    private final Path kafkaLogDir;
    private final ChildProcess broker;

    public KafkaBroker(Settings settings) {
        this.settings = settings;
        this.propertiesFile = settings.dataDir().resolve("server.properties").toAbsolutePath();
        this.kafkaLogDir = settings.dataDir().resolve("kafka-logs").toAbsolutePath();
        this.broker = ChildProcess.builder("kafka-broker")
                .mainClass(BROKER_MAIN)
                .classpath(settings.classpath())
                .jvmArgs(settings.jvmArgs())
                .args(propertiesFile.toString())
                .logFile(settings.logDir().resolve("broker.log"))
                .workingDirectory(settings.dataDir())
                .newSession()
                .exitStage(EXIT_STAGE)
                .build();
    }

    /**
     * The broker properties: one KRaft node, or a cluster's node with three copies of everything;
     * no retention so late-joining spokes get full history; in the secure mode SASL listeners, ACLs
     * and no auto-created topics (see {@link BrokerSecurity}).
     */
    public Map<String, String> brokerProperties() {
        String controller = "127.0.0.1:" + settings.controllerPort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        // Dynamic quorum (KIP-853): the formatted storage holds the voter set, see format().
        properties.put("controller.quorum.bootstrap.servers", controller);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + settings.port() + ",CONTROLLER://" + controller);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.port() + ",CONTROLLER://" + controller);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", kafkaLogDir.toString());
        properties.put("auto.create.topics.enable", "true");
        properties.put("num.partitions", "1");
        properties.put("default.replication.factor", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("broker.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
        properties.put("broker.heartbeat.interval.ms", "1000");
        properties.put("log.retention.ms", "-1");
        properties.put("log.retention.bytes", "-1");
        // Thread pools sized for two cores rather than a dedicated server.
        properties.put("num.network.threads", "2");
        properties.put("num.io.threads", "4");
        properties.put("num.recovery.threads.per.data.dir", "2");
        if (settings.cluster() != null) {
            properties.remove("controller.quorum.bootstrap.servers");
            properties.putAll(settings.cluster().brokerProperties());
        }
        if (settings.security() != null) {
            properties.putAll(settings.security().brokerProperties("127.0.0.1:" + settings.port(), controller));
        }
        properties.putAll(settings.overrides());
        return properties;
    }

    /**
     * Formats the storage if this data directory was never formatted, starts the broker and waits
     * until it answers clients (at most {@link Settings#startTimeout()}).
     */
    public synchronized void start() throws IOException {
        writeProperties();
        if (!isFormatted()) {
            format();
        }
        broker.start();
        awaitReady();
    }

    /** Graceful stop (SIGTERM, controlled shutdown); killed if it takes longer than the default timeout. */
    public synchronized boolean stop() {
        return broker.stop();
    }

    /** kill -9: the broker dies with whatever is in flight; the data on disk stays. */
    public synchronized void kill() {
        broker.kill();
    }

    public synchronized void pause() {
        broker.pause();
    }

    public synchronized void resume() {
        broker.resume();
    }

    /** Graceful stop, then start on the same ports with the same data. */
    public synchronized void restart() throws IOException {
        stop();
        start();
    }

    public boolean isAlive() {
        return broker.isAlive();
    }

    public boolean isPaused() {
        return broker.isPaused();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.port();
    }

    /** Bootstrap servers and, in the secure mode, the admin's login: enough for an {@link Admin} or any client. */
    public Map<String, Object> adminClientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (settings.security() != null) {
            config.putAll(settings.security().admin().clientProperties());
        }
        return config;
    }

    public Settings settings() {
        return settings;
    }

    public ChildProcess process() {
        return broker;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean isFormatted() {
        return Files.exists(kafkaLogDir.resolve("meta.properties"));
    }

    private void writeProperties() throws IOException {
        Files.createDirectories(settings.dataDir());
        Properties properties = new Properties();
        properties.putAll(brokerProperties());
        if (settings.security() != null) {
            ownerOnly(propertiesFile);
        }
        try (Writer writer = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
            properties.store(writer, "Written by " + KafkaBroker.class.getName() + "; rewritten at every start");
        }
    }

    /** The secure mode's properties hold the admin password. */
    private static void ownerOnly(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * {@code kafka-storage format}: writes meta.properties and a bootstrap checkpoint, in the secure
     * mode with the admin's SCRAM credential. A single node formats {@code --standalone}, as the one
     * voter of a dynamic quorum; a cluster's node takes its static voters from the properties.
     * Run as a child JVM since StorageTool calls System.exit.
     */
    private void format() throws IOException {
        ChildProcess.Builder builder = ChildProcess.builder("kafka-storage-format")
                .mainClass(STORAGE_TOOL_MAIN)
                .classpath(settings.classpath())
                .jvmArgs("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .args("format");
        if (settings.cluster() == null) {
            builder.args("--standalone", "--cluster-id", Uuid.randomUuid().toString());
        } else {
            builder.args("--cluster-id", settings.cluster().clusterId());
        }
        builder.args("--config", propertiesFile.toString());
        if (settings.security() != null) {
            builder.args(settings.security().formatArguments()).secret(settings.security().adminPassword());
        }
        try (ChildProcess storageTool = builder
                .logFile(settings.logDir().resolve("storage-format.log"))
                .workingDirectory(settings.dataDir())
                .build()) {
            storageTool.start();
            int exitCode = storageTool.awaitExit(FORMAT_TIMEOUT)
                    .orElseThrow(() -> new IllegalStateException("storage format did not finish within "
                            + FORMAT_TIMEOUT + ":\n" + storageTool.logTail(40)));
            if (exitCode != 0 || !isFormatted()) {
                throw new IllegalStateException("storage format failed with exit code " + exitCode + ":\n"
                        + storageTool.logTail(40));
            }
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(settings.startTimeout());
        // The listener opens only late in the start; probing it first keeps the admin client from
        // logging a failed metadata fetch every two seconds until then.
        while (!acceptsConnections()) {
            checkStarting(deadline);
            pause(PORT_PROBE_INTERVAL);
        }
        Map<String, Object> config = adminClientConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(config)) {
            while (!answers(admin)) {
                checkStarting(deadline);
            }
        }
    }

    private void checkStarting(Instant deadline) {
        if (!broker.isAlive()) {
            throw new IllegalStateException("Kafka broker exited with code " + broker.exitCode().orElse(-1)
                    + " while starting:\n" + broker.logTail(60));
        }
        if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("Kafka broker did not accept clients on " + bootstrapServers()
                    + " within " + settings.startTimeout() + ":\n" + broker.logTail(60));
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", settings.port()), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /** One bounded probe: the broker answers once it is registered and serving metadata. */
    private boolean answers(Admin admin) {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }
}
