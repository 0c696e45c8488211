package io.roam.scenarios.cli;

import io.roam.scenarios.control.ControlClient;
import io.roam.scenarios.control.ControlServer;
import io.roam.scenarios.topology.RoamHome;
import picocli.CommandLine.Option;

/** How a command finds the running {@code roam up}. */
final class ControlOptions {

    @Option(names = "--control-port", paramLabel = "PORT",
            description = "The control port of the running `roam up` (default: the one in run/current/control.json, else 8079).")
    Integer controlPort;

    ControlClient client() {
        if (controlPort != null) {
            return new ControlClient(controlPort);
        }
        try {
            return ControlClient.locate(RoamHome.locate().runs());
        } catch (IllegalStateException outsideTheRepository) {
            return new ControlClient(ControlServer.DEFAULT_PORT);
        }
    }
}
