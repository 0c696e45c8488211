package io.roam.spoke.credentials;

import io.roam.events.NetworkKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings as an operator writes them, in a properties file or as environment variables. */
class NetworkKeySettingsTest {

    private static final String KEY = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

    @Test
    void keys_from_environment_variables_bind_by_lower_case_key_id() {
        NetworkKeys keys = bind(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "ROAM_SPOKE_NETWORKKEYS_K2026", KEY, "ROAM_SPOKE_NETWORKKEYS_K2025", KEY,
                "ROAM_SPOKE_NETWORKKEYID", "k2026")));

        assertThat(keys.keyIds()).containsExactlyInAnyOrder("k2025", "k2026");
        assertThat(keys.sealingKeyId()).isEqualTo("k2026");
    }

    @Test
    void keys_from_properties_bind_likewise() {
        NetworkKeys keys = bind(new MapPropertySource("props", Map.of(
                "roam.spoke.network-keys.k1", KEY, "roam.spoke.network-key-id", "k1")));

        assertThat(keys.seals()).isTrue();
    }

    @Test
    void no_key_at_all_seals_nothing() {
        assertThat(bind(new MapPropertySource("props", Map.of())).seals()).isFalse();
    }

    @Test
    void keys_without_the_one_to_seal_with_or_a_key_that_is_not_base64_stop_the_start() {
        assertThatThrownBy(() -> bind(new MapPropertySource("props", Map.of("roam.spoke.network-keys.k1", KEY))))
                .hasMessageContaining("network-key-id");
        assertThatThrownBy(() -> bind(new MapPropertySource("props", Map.of(
                "roam.spoke.network-keys.k1", "not base64!", "roam.spoke.network-key-id", "k1"))))
                .hasMessageContaining("not base64");
    }

    private static NetworkKeys bind(PropertySource<?> source) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(source);
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("roam.spoke", NetworkKeySettings.class)
                .keys();
    }
}
