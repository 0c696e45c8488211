package io.roam.spoke.credentials;

import io.roam.events.NetworkKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The network keys, checked at start: a spoke with a bad key refuses to start rather than seal with it. */
@Configuration
class NetworkKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NetworkKeyConfiguration.class);

    @Bean
    NetworkKeys networkKeys(NetworkKeySettings settings) {
        NetworkKeys keys = settings.keys();
        if (keys.seals()) {
            log.info("superusers' PIN hashes are sealed with network key {}; keys held: {}", keys.sealingKeyId(),
                    keys.keyIds());
        } else {
            log.warn("no network key (roam.spoke.network-keys, roam.spoke.network-key-id): superusers' PIN hashes"
                    + " travel readable on the replication topics; give every cluster the same key");
        }
        return keys;
    }
}
