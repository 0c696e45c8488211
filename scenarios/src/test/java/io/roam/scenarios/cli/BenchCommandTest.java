package io.roam.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void roamHasABenchCommandWithItsOptions() {
        assertThat(roam("bench", "--help")).isZero();

        assertThat(out.toString()).startsWith("Usage: roam bench").contains("--quick", "--only", "--profile",
                "lag, logins, lookups, store", "import");
    }

    @Test
    void theImportFiguresHaveAGroupOfTheirOwn() {
        BenchCommand bench = CommandLine.populateCommand(new BenchCommand(), "--only", "import,lag");

        assertThat(bench.only).containsExactly(BenchCommand.Group.import_, BenchCommand.Group.lag);
    }

    @Test
    void anUnknownGroupIsRefusedBeforeAnythingStarts() {
        assertThat(roam("bench", "--only", "nothing")).isEqualTo(2);

        assertThat(err.toString()).contains("nothing");
    }

    private int roam(String... args) {
        CommandLine roam = RoamCommand.commandLine();
        roam.setOut(new PrintWriter(out, true));
        roam.setErr(new PrintWriter(err, true));
        return roam.execute(args);
    }
}
