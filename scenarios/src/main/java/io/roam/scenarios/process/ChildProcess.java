package io.roam.scenarios.process;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One supervised child process: a JVM (broker, hub, spoke, tool), or a native tool supervised the
 * same way (Kamailio, SIPp: {@link Builder#executable(Path)}). The command is fixed at build time, so
 * every {@link #start()} after a stop or a kill runs exactly the same process again. Standard
 * output and error go to one log file, appended across restarts.
 *
 * <p>Signals are POSIX: {@link #pause()} and {@link #resume()} use {@code kill -STOP/-CONT}.
 *
 * <p>Children still running when this JVM exits are stopped by a shutdown hook, in ascending
 * {@linkplain Builder#exitStage(int) exit stage}: clients first, the broker they talk to last.
 * Should this JVM be killed before its hook can run, the {@link Reaper} stops them.
 */
public final class ChildProcess implements AutoCloseable {

    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Bound on waiting for a SIGKILLed process to disappear; the kernel needs milliseconds. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** Children still running when this JVM exits; stopped by the hook so none outlives the launcher. */
    private static final Set<ChildProcess> SUPERVISED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAllSupervised, "child-process-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final List<String> secrets;
    private final Path logFile;
    private final Path workingDirectory;
    private final int exitStage;

    // Volatile so that status queries never wait behind a stop that is waiting for the process.
    private volatile Process process;
    private volatile boolean paused;

    private ChildProcess(Builder builder) {
        this.name = builder.name;
        this.command = List.copyOf(builder.command());
        this.environment = Map.copyOf(builder.environment);
        this.secrets = List.copyOf(builder.secrets);
        this.logFile = builder.logFile.toAbsolutePath();
        this.workingDirectory = builder.workingDirectory != null
                ? builder.workingDirectory.toAbsolutePath()
                : this.logFile.getParent();
        this.exitStage = builder.exitStage;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The java executable running this JVM, so children use the same runtime. */
    public static Path javaExecutable() {
        return ProcessHandle.current().info().command()
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /**
     * The classpath of this JVM (Surefire and Failsafe set it to the real test classpath), with
     * absolute entries: children run in other working directories.
     */
    public static String currentClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the process; also used to start it again after it stopped, died or was killed. */
    public synchronized void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(workingDirectory);
        // A header per start makes restarts visible in the appended log.
        Files.writeString(logFile,
                "%n=== %s starting %s: %s%n".formatted(Instant.now(), name, String.join(" ", displayCommand())),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Reaper.watch(process.pid());
        // Nobody writes to the child's stdin: closing it gives readers EOF instead of a hang.
        process.getOutputStream().close();
        paused = false;
        SUPERVISED.add(this);
    }

    /** Stops and starts again with the same command. */
    public synchronized void restart() throws IOException {
        stop();
        start();
    }

    public synchronized boolean stop() {
        return stop(DEFAULT_STOP_TIMEOUT);
    }

    /**
     * SIGTERM (so shutdown hooks run: Kafka's controlled shutdown, closing stores), then SIGKILL
     * of the whole process tree if it has not exited within {@code timeout}.
     *
     * @return true if the process exited by itself within the timeout (or was not running)
     */
    public synchronized boolean stop(Duration timeout) {
        if (!isAlive()) {
            SUPERVISED.remove(this);
            return true;
        }
        // A stopped process keeps SIGTERM pending and would never act on it.
        if (paused) {
            resume();
        }
        process.destroy();
        boolean exited = awaitExit(timeout).isPresent();
        if (!exited) {
            kill();
        }
        SUPERVISED.remove(this);
        return exited;
    }

    /** SIGKILL of the process and all its descendants, as a crash would; waits until they are gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        // Collect descendants first: once the parent dies they are re-parented and untraceable.
        List<ProcessHandle> tree = processTree();
        tree.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(name + " did not die within " + KILL_WAIT + " of SIGKILL", e);
        }
        paused = false;
        SUPERVISED.remove(this);
    }

    /** Freezes the process tree (SIGSTOP): it holds its sockets and locks but answers nothing. */
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** Thaws a paused process tree (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    /**
     * SIGQUIT to the JVM itself (not its descendants): it prints a thread dump to its output, i.e.
     * into the log, and runs on. For diagnosing a child that hangs.
     */
    public synchronized void dumpThreads() {
        if (!isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        sendSignal(List.of("kill", "-QUIT", Long.toString(process.pid())), "QUIT");
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public boolean isPaused() {
        return paused && isAlive();
    }

    /** The pid of the current (or last) process. */
    public long pid() {
        return requireStarted().pid();
    }

    /** The exit code of the last process, empty while it runs or before the first start. */
    public OptionalInt exitCode() {
        Process current = process;
        return current == null || current.isAlive() ? OptionalInt.empty() : OptionalInt.of(current.exitValue());
    }

    /** Waits for the current process to exit by itself; empty if it is still running after {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) {
        Process current = requireStarted();
        try {
            return current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(current.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** The last lines of the log file, for error messages about a child that failed. */
    public String logTail(int maxLines) {
        // Only the end of the file: broker logs grow to many megabytes.
        int window = 64 * 1024;
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - window);
            byte[] tail = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(tail);
            List<String> lines = new String(tail, StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        Process current = process;
        return "ChildProcess[" + name + (current == null ? "" : ", pid " + current.pid()) + "]";
    }

    private Process requireStarted() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return current;
    }

    /** The command with the classpath shortened (a real one is thousands of characters long) and secrets hidden. */
    private List<String> displayCommand() {
        List<String> display = new ArrayList<>(command);
        int classpathFlag = display.indexOf("-cp");
        if (classpathFlag >= 0) {
            String classpath = display.get(classpathFlag + 1);
            display.set(classpathFlag + 1, "<" + classpath.split(File.pathSeparator).length + " entries>");
        }
        display.replaceAll(part -> {
            for (String secret : secrets) {
                part = part.replace(secret, "***");
            }
            return part;
        });
        return display;
    }

    private List<ProcessHandle> processTree() {
        return Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    }

    private void signal(String signal) {
        if (!isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        List<String> kill = new ArrayList<>(List.of("kill", "-" + signal));
        processTree().forEach(handle -> kill.add(Long.toString(handle.pid())));
        sendSignal(kill, signal);
    }

    private void sendSignal(List<String> kill, String signal) {
        try {
            Process signaller = new ProcessBuilder(kill).redirectErrorStream(true).start();
            String output = new String(signaller.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (signaller.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " of " + name + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    private static void stopAllSupervised() {
        Map<Integer, List<ChildProcess>> stages = new TreeMap<>(SUPERVISED.stream()
                .collect(Collectors.groupingBy(child -> child.exitStage)));
        // Each stage in parallel: the hook's time is short and each child may take seconds to shut down.
        stages.values().forEach(stage -> CompletableFuture.allOf(stage.stream()
                        .map(child -> CompletableFuture.runAsync(() -> child.stop(Duration.ofSeconds(10))))
                        .toArray(CompletableFuture[]::new))
                .join());
    }

    /** How to launch the child: a main class on a classpath, or an executable jar. */
    public static final class Builder {
        private final String name;
        private String mainClass;
        private Path jar;
        private Path executable;
        private String classpath;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> secrets = new ArrayList<>();
        private Path logFile;
        private Path workingDirectory;
        private boolean newSession;
        private int exitStage;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** A native program instead of a JVM: runs {@code executable} with the {@link #args} alone. */
        public Builder executable(Path executable) {
            this.executable = executable;
            return this;
        }

        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** JVM options such as {@code -Xmx256m}; bound the heap, several JVMs share the machine. */
        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs.addAll(jvmArgs);
            return this;
        }

        public Builder jvmArgs(String... jvmArgs) {
            return jvmArgs(List.of(jvmArgs));
        }

        public Builder args(List<String> args) {
            this.args.addAll(args);
            return this;
        }

        public Builder args(String... args) {
            return args(List.of(args));
        }

        /** Added to (or overriding) the environment inherited from this JVM. */
        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** A value in the arguments, such as a password, that the log header shows as {@code ***}. */
        public Builder secret(String secret) {
            secrets.add(secret);
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Defaults to the log file's directory. */
        public Builder workingDirectory(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
            return this;
        }

        /**
         * Runs the child in a session of its own ({@code setsid}, where available), so that a Ctrl-C
         * at the launcher's terminal reaches only the launcher, which then stops its children in order
         * instead of all of them dying at once.
         */
        public Builder newSession() {
            this.newSession = true;
            return this;
        }

        /** At JVM exit, children of a lower stage are stopped before those of a higher one (default 0). */
        public Builder exitStage(int exitStage) {
            this.exitStage = exitStage;
            return this;
        }

        public ChildProcess build() {
            if (Stream.of(mainClass, jar, executable).filter(Objects::nonNull).count() != 1) {
                throw new IllegalStateException(name + ": set exactly one of mainClass, jar and executable");
            }
            if (executable != null && (classpath != null || !jvmArgs.isEmpty())) {
                throw new IllegalStateException(name + ": a native executable takes no classpath or JVM options");
            }
            if (jar != null && classpath != null) {
                throw new IllegalStateException(name + ": java ignores the classpath of an executable jar");
            }
            Objects.requireNonNull(logFile, name + ": logFile");
            return new ChildProcess(this);
        }

        private List<String> command() {
            List<String> command = new ArrayList<>();
            // setsid execs in place (a spawned child is no group leader), so the pid stays the child's.
            if (newSession && Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            }
            if (executable != null) {
                command.add(executable.toString());
                command.addAll(args);
                return command;
            }
            command.add(javaExecutable().toString());
            // Names the process in ps/jps output, where all children look alike otherwise.
            command.add("-Droam.process=" + name);
            command.addAll(jvmArgs);
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toAbsolutePath().toString());
            } else {
                if (classpath != null) {
                    command.add("-cp");
                    command.add(classpath);
                }
                command.add(mainClass);
            }
            command.addAll(args);
            return command;
        }
    }
}
