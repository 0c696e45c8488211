package io.roam.scenarios.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RoamHomeTest {

    @Test
    void findsTheRepositoryRootAboveTheModule() {
        RoamHome home = RoamHome.locate();

        assertThat(home.root().resolve("scenarios").resolve("pom.xml")).exists();
        assertThat(home.runs()).isEqualTo(home.root().resolve("run"));
    }

    @Test
    void findsTheExecutableJarsWhereMavenBuildsThem() {
        RoamHome home = RoamHome.locate();

        assertThat(home.spokeJar().toString()).matches(".*/spoke/target/spoke-.*-exec\\.jar");
        assertThat(home.hubJar().toString()).matches(".*/hub/target/hub-.*-exec\\.jar");
        assertThat(Files.isRegularFile(home.spokeJar())).isTrue();
    }
}
