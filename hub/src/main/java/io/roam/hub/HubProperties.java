package io.roam.hub;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code roam.hub.*}: which hub this process is an instance of, and that hub's spokes. The
 * instance id may be left blank; {@link HubIdentity} then derives one.
 */
@ConfigurationProperties("roam.hub")
public record HubProperties(String id, List<String> spokes, String instanceId) {
}
