package io.roam.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roam.scenarios.process.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RoamCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @ValueSource(strings = {"up", "demo", "sip-demo", "chaos", "status", "kill", "stop", "start", "pause", "resume",
            "import"})
    void everyCommandHasHelp(String command) {
        assertThat(roam(command, "--help")).isZero();

        assertThat(out.toString()).startsWith("Usage: roam " + command).contains("--help");
    }

    @Test
    void theTopLevelHelpListsTheCommands() {
        assertThat(roam("--help")).isZero();

        assertThat(out.toString()).contains("up", "demo", "sip-demo", "status", "kill", "stop", "start", "pause", "resume",
                "import", "chaos", "bench");
    }

    @Test
    void withoutACommandItNamesEveryCommand() {
        assertThat(roam()).isEqualTo(2);

        assertThat(err.toString()).contains("name a command: up, demo, sip-demo, status, kill, stop, start, pause, resume, "
                + "import, chaos, bench");
    }

    @Test
    void upOffersKafkaWithLoginsAndAcls() {
        assertThat(roam("up", "--help")).isZero();

        assertThat(out.toString()).contains("--secure", "SASL/SCRAM-SHA-512");
    }

    @Test
    void nodeCommandsSayClearlyWhenNoRoamUpIsRunning() {
        String nobodyListens = Integer.toString(FreePorts.allocate(1)[0]);

        assertThat(roam("kill", "cluster-1", "--control-port", nobodyListens)).isEqualTo(1);

        assertThat(err.toString()).contains("no `roam up` is running (nothing answers on 127.0.0.1:" + nobodyListens + ")");
    }

    @Test
    void aNodeCommandNeedsANode() {
        assertThat(roam("kill")).isEqualTo(2);

        assertThat(err.toString()).contains("Missing required parameter: 'NODE'");
    }

    private int roam(String... args) {
        CommandLine roam = RoamCommand.commandLine();
        roam.setOut(new PrintWriter(out, true));
        roam.setErr(new PrintWriter(err, true));
        return roam.execute(args);
    }
}
