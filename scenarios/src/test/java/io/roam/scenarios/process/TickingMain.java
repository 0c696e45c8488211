package io.roam.scenarios.process;

import java.util.concurrent.TimeUnit;

/**
 * A tiny child for {@link ChildProcessTest}: prints a tick every 20 ms until terminated, says goodbye
 * from a shutdown hook, and with {@code --with-grandchild} first starts a long {@code sleep}
 * process so that killing the whole tree can be checked.
 */
public final class TickingMain {

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("goodbye")));
        if (args.length > 0 && args[0].equals("--with-grandchild")) {
            Process grandchild = new ProcessBuilder("sleep", "600").start();
            System.out.println("grandchild " + grandchild.pid());
        }
        System.out.println("started " + ProcessHandle.current().pid());
        for (long tick = 0; ; tick++) {
            System.out.println("tick " + tick);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
