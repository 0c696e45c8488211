package io.roam.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChaosCommandTest {

    @Test
    void defaultsAreTheShortRun() {
        ChaosCommand chaos = parse();

        assertThat(chaos.hubs).isEqualTo(2);
        assertThat(chaos.spokesPerHub).isEqualTo(2);
        assertThat(chaos.duration).isEqualTo(Duration.ofMinutes(2));
        assertThat(chaos.seed).isEqualTo(42);
        assertThat(chaos.rate).isEqualTo(10.0);
        assertThat(chaos.brokerKills).isTrue();
        assertThat(chaos.brokers).isEqualTo(1);
        assertThat(chaos.report).isNull();
    }

    @Test
    void theLongRunOfTheReadmeParses() {
        ChaosCommand chaos = parse("--hubs", "3", "--spokes-per-hub", "3", "--duration", "10m", "--seed", "7",
                "--no-broker-kills", "--report", "/tmp/r.json");

        assertThat(chaos.hubs).isEqualTo(3);
        assertThat(chaos.duration).isEqualTo(Duration.ofMinutes(10));
        assertThat(chaos.seed).isEqualTo(7);
        assertThat(chaos.brokerKills).isFalse();
        assertThat(chaos.report).isEqualTo(Path.of("/tmp/r.json"));
    }

    @Test
    void theClusterRunOfTheReadmeParses() {
        ChaosCommand chaos = parse("--brokers", "3", "--hubs", "3", "--spokes-per-hub", "3", "--duration", "10m");

        assertThat(chaos.brokers).isEqualTo(3);
        assertThat(chaos.brokerKills).isTrue();
    }

    @Test
    void durationsAreShortOrIso() {
        ChaosCommand.DurationConverter converter = new ChaosCommand.DurationConverter();

        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    private static ChaosCommand parse(String... args) {
        ChaosCommand chaos = new ChaosCommand();
        new CommandLine(chaos).parseArgs(args);
        return chaos;
    }
}
