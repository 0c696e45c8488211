package io.roam.spoke;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** One spoke: the roaming directory as one telephony cluster runs it. */
// The admin token is the one credential: no user store, so Boot generates no default user and password.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class SpokeApplication {

    public static void main(String[] args) {
        // Axon's update checker calls out to the internet; a cluster's directory must not.
        System.setProperty("axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(SpokeApplication.class, args);
    }
}
