package io.roam.scenarios.process;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A launcher for {@link ReaperTest}: starts a {@link TickingMain} child, says its pid, and waits
 * to be killed.
 */
public final class OrphanedLauncherMain {

    public static void main(String[] args) throws Exception {
        ChildJvm child = ChildJvm.builder("ticking").mainClass(TickingMain.class.getName())
                .classpath(ChildJvm.currentClasspath()).jvmArgs("-Xmx16m")
                .logFile(Path.of(args[0])).newSession().build();
        child.start();
        System.out.println("child " + child.pid());
        TimeUnit.MINUTES.sleep(10);
    }
}
