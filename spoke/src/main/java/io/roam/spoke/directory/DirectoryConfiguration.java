package io.roam.spoke.directory;

import io.roam.spoke.LocalCluster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one directory of this spoke, which knows the cluster it serves. */
@Configuration
public class DirectoryConfiguration {

    @Bean
    RoamingDirectory roamingDirectory(LocalCluster cluster) {
        return new RoamingDirectory(cluster.id());
    }
}
