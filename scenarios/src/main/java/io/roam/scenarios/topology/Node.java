package io.roam.scenarios.topology;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** One process of a running topology, addressed by its name ("kafka", "hub-a", "cluster-3"). */
public sealed interface Node permits BrokerNode, ServiceNode {

    enum Kind { BROKER, HUB, SPOKE }

    String name();

    Kind kind();

    /** Where clients reach it: the bootstrap servers of the broker, the base URL of a hub or spoke. */
    String address();

    Path logFile();

    /** Starts the process (again) and returns once it is ready to serve. */
    void start() throws IOException;

    /** SIGTERM, then SIGKILL after a timeout; true if it exited by itself. */
    boolean stop();

    /** SIGKILL, as a crash would. */
    void kill();

    /** SIGSTOP: it keeps its sockets but answers nothing. */
    void pause();

    /** SIGCONT. */
    void resume();

    boolean isAlive();

    boolean isPaused();

    /** The pid while the process runs. */
    OptionalLong pid();
}
