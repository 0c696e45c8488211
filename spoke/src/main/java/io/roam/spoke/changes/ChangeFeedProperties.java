package io.roam.spoke.changes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The change feed of {@code GET /directory/changes}: how many changes are kept for readers to
 * resume from, how often an idle stream gets a heartbeat, how long a stream may go without
 * delivering anything before it is closed, and how many streams may be open.
 */
@ConfigurationProperties("roam.spoke.changes")
public record ChangeFeedProperties(
        @DefaultValue("10000") int retained,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("32") int maxStreams) {

    public ChangeFeedProperties {
        if (retained < 1) {
            throw new IllegalArgumentException("roam.spoke.changes.retained must be at least 1");
        }
        if (heartbeat.isZero() || heartbeat.isNegative()) {
            throw new IllegalArgumentException("roam.spoke.changes.heartbeat must be positive");
        }
        // a healthy idle stream delivers a heartbeat each interval, so it must never look idle
        if (idleTimeout.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("roam.spoke.changes.idle-timeout (" + idleTimeout
                    + ") must be longer than roam.spoke.changes.heartbeat (" + heartbeat + ")");
        }
    }
}
