package io.roam.scenarios.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A launcher for {@link ReaperTest}: starts a {@link TickingMain} child, says its pid once the
 * child runs (its shutdown hook is in place), and waits to be killed.
 */
public final class OrphanedLauncherMain {

    public static void main(String[] args) throws Exception {
        ChildProcess child = ChildProcess.builder("ticking").mainClass(TickingMain.class.getName())
                .classpath(ChildProcess.currentClasspath()).jvmArgs("-Xmx16m")
                .logFile(Path.of(args[0])).newSession().build();
        child.start();
        Path log = Path.of(args[0]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("started ") && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        System.out.println("child " + child.pid());
        TimeUnit.MINUTES.sleep(10);
    }
}
