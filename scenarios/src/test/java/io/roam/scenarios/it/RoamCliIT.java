package io.roam.scenarios.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.roam.scenarios.cli.RoamCommand;
import io.roam.scenarios.client.SpokeClient;
import io.roam.scenarios.control.ControlServer;
import io.roam.scenarios.topology.RunningTopology;
import io.roam.scenarios.topology.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The `roam` node commands against the control endpoint of a running topology. */
@ExtendWith(SharedTopology.class)
class RoamCliIT {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private RunningTopology topology;

    @AfterEach
    void cluster4IsThawed() {
        if (topology != null && topology.node("cluster-4").isPaused()) {
            topology.resume("cluster-4");
        }
    }

    @Test
    void statusListsEveryNodeWithItsPidAndMemory(RunningTopology topology, ControlServer control) throws Exception {
        assertThat(roam("status", "--control-port", port(control))).isZero();

        for (String node : topology.topology().nodeNames()) {
            assertThat(out.toString()).containsPattern("(?m)^  " + node + " +\\w+ +\\S+ +" + topology.node(node).pid().getAsLong() + " +\\d+ MB");
        }
        assertThat(Files.readString(control.controlFile())).contains("\"port\" : " + control.port());
    }

    @Test
    void pauseFreezesASpokeAndResumeThawsIt(RunningTopology topology, ControlServer control) {
        this.topology = topology;
        SpokeClient impatient = new SpokeClient(topology.topology().spoke("cluster-4").orElseThrow().url(),
                SpokeClient.DEFAULT_ADMIN_TOKEN, Duration.ofSeconds(1));

        assertThat(roam("pause", "cluster-4", "--control-port", port(control))).isZero();

        assertThat(topology.node("cluster-4").isPaused()).isTrue();
        assertThatThrownBy(impatient::health).isInstanceOf(UncheckedIOException.class);

        assertThat(roam("resume", "cluster-4", "--control-port", port(control))).isZero();

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(impatient.health().status()).isEqualTo(200));
    }

    @Test
    void refusesUnknownNodesAndStartingARunningOne(ControlServer control) {
        assertThat(roam("kill", "cluster-99", "--control-port", port(control))).isEqualTo(1);
        assertThat(err.toString()).contains("no node named 'cluster-99'");

        assertThat(roam("start", Topology.BROKER, "--control-port", port(control))).isEqualTo(1);
        assertThat(err.toString()).contains("kafka is already running");
    }

    private int roam(String... args) {
        CommandLine roam = RoamCommand.commandLine();
        roam.setOut(new PrintWriter(out, true));
        roam.setErr(new PrintWriter(err, true));
        return roam.execute(args);
    }

    private static String port(ControlServer control) {
        return Integer.toString(control.port());
    }
}
