package io.roam.spoke.login;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Limits on what one source (see {@code RequestSource}) may ask of the open EM calls: a rate of
 * logins and logouts, and how many different users its wrong PINs may reach within a window.
 */
@ConfigurationProperties("roam.spoke.em")
public record EmAbuseSettings(
        @DefaultValue("200") double ratePerSource,
        @DefaultValue("400") int burstPerSource,
        @DefaultValue("100000") int sourcesTracked,
        @DefaultValue("10") int wrongPinUsersPerSource,
        @DefaultValue("10m") Duration wrongPinWindow) {

    public EmAbuseSettings {
        if (ratePerSource < 0 || burstPerSource < 1) {
            throw new IllegalArgumentException("roam.spoke.em.rate-per-source must be >= 0 (0: no limit) and"
                    + " burst-per-source >= 1");
        }
        if (sourcesTracked < 1 || wrongPinUsersPerSource < 0 || wrongPinWindow.isNegative() || wrongPinWindow.isZero()) {
            throw new IllegalArgumentException("roam.spoke.em.sources-tracked must be >= 1,"
                    + " wrong-pin-users-per-source >= 0 (0: no limit) and wrong-pin-window positive");
        }
    }
}
