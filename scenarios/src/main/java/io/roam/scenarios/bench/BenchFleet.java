package io.roam.scenarios.bench;

import io.roam.scenarios.client.Provisioner;
import io.roam.scenarios.client.SpokeClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The superusers and phones of a bench, {@code size} of each: user i has DN {@code firstDn + i}
 * and logs in on phone i. Provisioned at one spoke (their home) over HTTP.
 */
public record BenchFleet(String prefix, long firstDn, int size) {

    static final String PIN = "1234";
    private static final int PROVISIONING_CONNECTIONS = 6;

    String user(int i) {
        return prefix + "-u" + i;
    }

    String device(int i) {
        return "SEP" + prefix.toUpperCase() + i;
    }

    String dn(int i) {
        return Long.toString(firstDn + i);
    }

    String loginBody(int i) {
        return "{\"device\":\"" + device(i) + "\",\"userId\":\"" + user(i) + "\",\"pin\":\"" + PIN + "\"}";
    }

    String logoutBody(int i) {
        return "{\"device\":\"" + device(i) + "\"}";
    }

    /** A lookup body for the DNs of these users. */
    String lookupBody(List<Integer> users) {
        return users.stream().map(i -> "\"" + dn(i) + "\"").collect(Collectors.joining(",", "{\"dns\":[", "]}"));
    }

    /** Defines every user (a superuser, so it may log in anywhere) and every phone at this spoke, their home. */
    public void provision(String spokeUrl) {
        SpokeClient spoke = new SpokeClient(spokeUrl);
        new Provisioner(url -> spoke).parallel(PROVISIONING_CONNECTIONS).provision(
                IntStream.range(0, size).mapToObj(i -> new Provisioner.Phone(device(i), spokeUrl)).toList(),
                IntStream.range(0, size).mapToObj(i -> new Provisioner.User(user(i), PIN, List.of(dn(i)), spokeUrl)).toList());
    }

    /** Waits until the spoke's directory knows every DN of the fleet (they replicate from the home). */
    public void awaitKnownAt(String spokeUrl, Duration timeout) {
        SpokeClient spoke = new SpokeClient(spokeUrl);
        new Provisioner(url -> spoke).awaitKnown(List.of(spokeUrl), IntStream.range(0, size).mapToObj(this::dn).toList(),
                System.nanoTime(), timeout, Duration.ofMillis(200));
    }
}
