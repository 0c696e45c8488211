package io.roam.spoke;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Only the local topology and the tests may run a spoke with the admin token everyone knows. */
class DefaultAdminTokenTest {

    @Test
    void a_spoke_with_the_default_token_refuses_to_start_outside_the_local_topology() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(SpokeApplication.class).run(
                "--server.port=0", "--roam.spoke.cluster-id=cluster-1", "--roam.spoke.hub-id=hub-a",
                "--roam.spoke.allow-default-admin-token=false"))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROAM_ADMIN_TOKEN");
    }

    @Test
    void the_default_and_a_blank_token_are_refused_and_a_secret_or_the_topologys_flag_accepted() {
        assertThatThrownBy(() -> properties(SpokeProperties.DEFAULT_ADMIN_TOKEN, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ROAM_ADMIN_TOKEN");
        assertThatThrownBy(() -> properties(" ", true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ROAM_ADMIN_TOKEN");

        assertThat(properties("a-secret", false).adminToken()).isEqualTo("a-secret");
        assertThat(properties(SpokeProperties.DEFAULT_ADMIN_TOKEN, true).adminToken())
                .isEqualTo(SpokeProperties.DEFAULT_ADMIN_TOKEN);
    }

    private static SpokeProperties properties(String adminToken, boolean allowDefaultAdminToken) {
        return new SpokeProperties("cluster-1", "hub-a", null, adminToken, allowDefaultAdminToken, null, null,
                new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 5, Duration.ofMinutes(5), false, "", false, true),
                new SpokeProperties.Replication(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 500, Duration.ZERO, Duration.ofSeconds(60)));
    }
}
