package io.roam.scenarios.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path runDir;

    private ChildProcess child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.kill();
        }
    }

    @Test
    void runsANativeProgramWithItsArgumentsAlone() throws IOException {
        child = ChildProcess.builder("echo").executable(Path.of("/bin/echo")).args("INVITE", "sip:1000001")
                .logFile(runDir.resolve("echo.log")).build();

        child.start();

        assertThat(child.awaitExit(PATIENCE)).hasValue(0);
        assertThat(Files.readString(runDir.resolve("echo.log"))).contains("INVITE sip:1000001");
        assertThatThrownBy(() -> ChildProcess.builder("both").executable(Path.of("/bin/echo")).jvmArgs("-Xmx8m")
                .logFile(runDir.resolve("both.log")).build())
                .hasMessageContaining("takes no classpath or JVM options");
    }

    @Test
    void theLogHeaderHidesASecretThatTheChildStillGets() throws IOException {
        child = ChildProcess.builder("echo").executable(Path.of("/bin/echo")).args("--add-scram", "password=s3cret-value")
                .secret("s3cret-value").logFile(runDir.resolve("echo.log")).build();

        child.start();

        assertThat(child.awaitExit(PATIENCE)).hasValue(0);
        assertThat(Files.readAllLines(runDir.resolve("echo.log")))
                .anySatisfy(line -> assertThat(line).startsWith("===").contains("password=***").doesNotContain("s3cret"))
                .anySatisfy(line -> assertThat(line).isEqualTo("--add-scram password=s3cret-value"));
    }

    @Test
    void logsOutputAndStopsGracefullyWithShutdownHooks() throws IOException {
        child = ticking();

        child.start();

        await().atMost(PATIENCE).until(() -> log().contains("started " + child.pid()));
        assertThat(child.isAlive()).isTrue();
        assertThat(child.stop(Duration.ofSeconds(10))).as("exited on SIGTERM").isTrue();
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).hasValue(143);
        assertThat(log()).contains("goodbye");
    }

    @Test
    void pauseFreezesTheProcessAndResumeThawsIt() throws IOException {
        child = ticking();
        child.start();
        await().atMost(PATIENCE).until(() -> log().contains("tick 1"));

        child.pause();

        assertThat(child.isPaused()).isTrue();
        await().atMost(PATIENCE).until(() -> processState(child.pid()) == 'T');
        long frozenSize = Files.size(child.logFile());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> Files.size(child.logFile()) == frozenSize);

        child.resume();

        assertThat(child.isPaused()).isFalse();
        await().atMost(PATIENCE).until(() -> Files.size(child.logFile()) > frozenSize);
        assertThat(processState(child.pid())).isNotEqualTo('T');
    }

    @Test
    void stopOfAPausedProcessStillShutsDownGracefully() throws IOException {
        child = ticking();
        child.start();
        await().atMost(PATIENCE).until(() -> log().contains("tick 1"));
        child.pause();

        assertThat(child.stop(Duration.ofSeconds(10))).isTrue();
        assertThat(log()).contains("goodbye");
    }

    @Test
    void killTakesDownTheProcessAndItsDescendantsAtOnce() throws IOException {
        child = ticking("--with-grandchild");
        child.start();
        await().atMost(PATIENCE).until(() -> log().contains("started"));
        long grandchildPid = grandchildPid();
        assertThat(ProcessHandle.of(grandchildPid)).isPresent();

        child.kill();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).hasValue(137);
        assertThat(log()).doesNotContain("goodbye");
        assertThat(ProcessHandle.of(grandchildPid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void startsAgainWithTheSameCommandAppendingToTheLog() throws IOException {
        child = ticking();
        child.start();
        long firstPid = child.pid();
        await().atMost(PATIENCE).until(() -> log().contains("started " + firstPid));
        child.kill();

        child.start();

        long secondPid = child.pid();
        assertThat(secondPid).isNotEqualTo(firstPid);
        await().atMost(PATIENCE).until(() -> log().contains("started " + secondPid));
        assertThat(log()).contains("started " + firstPid);
        assertThat(Pattern.compile("^=== .* starting ticking", Pattern.MULTILINE).matcher(log()).results())
                .hasSize(2);

        child.restart();

        long thirdPid = child.pid();
        await().atMost(PATIENCE).until(() -> log().contains("started " + thirdPid));
    }

    @Test
    void refusesToStartTwice() throws IOException {
        child = ticking();
        child.start();

        assertThatThrownBy(child::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
    }

    @Test
    void javaExecutableIsTheRunningJava() {
        Path java = ChildProcess.javaExecutable();

        assertThat(java).isExecutable();
        assertThat(java.getFileName().toString()).startsWith("java");
    }

    @Test
    void dumpThreadsWritesAThreadDumpToTheLogAndTheChildRunsOn() throws IOException {
        child = ticking();
        child.start();
        await().atMost(PATIENCE).until(() -> log().contains("tick 1"));

        child.dumpThreads();

        await().atMost(PATIENCE).until(() -> log().contains("Full thread dump"));
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void currentClasspathIsAbsoluteSoChildrenMayRunAnywhere() {
        assertThat(ChildProcess.currentClasspath().split(File.pathSeparator)).allMatch(entry -> Path.of(entry).isAbsolute());
    }

    @Test
    void aChildInANewSessionLeadsItsOwnSession() throws IOException {
        child = ChildProcess.builder("session-leader")
                .mainClass(TickingMain.class.getName())
                .classpath(ChildProcess.currentClasspath())
                .jvmArgs("-Xmx32m", "-XX:TieredStopAtLevel=1")
                .logFile(runDir.resolve("logs/session-leader.log"))
                .newSession()
                .build();

        child.start();

        await().atMost(PATIENCE).until(() -> log().contains("started " + child.pid()));
        assertThat(sessionId(child.pid())).isEqualTo(child.pid());
    }

    private ChildProcess ticking(String... args) {
        return ChildProcess.builder("ticking")
                .mainClass(TickingMain.class.getName())
                .classpath(ChildProcess.currentClasspath())
                .jvmArgs("-Xmx32m", "-XX:TieredStopAtLevel=1")
                .args(args)
                .logFile(runDir.resolve("logs/ticking.log"))
                .build();
    }

    private static long sessionId(long pid) throws IOException {
        Process ps = new ProcessBuilder("ps", "-o", "sid=", "-p", Long.toString(pid)).start();
        return Long.parseLong(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    private String log() throws IOException {
        return Files.readString(child.logFile());
    }

    private long grandchildPid() throws IOException {
        Matcher matcher = Pattern.compile("grandchild (\\d+)").matcher(log());
        assertThat(matcher.find()).as("grandchild pid in the log").isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** The state letter from /proc/PID/stat: R running, S sleeping, T stopped by a signal. */
    private static char processState(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
