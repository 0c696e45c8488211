package io.roam.scenarios.chaos;

import io.roam.scenarios.client.Provisioner;
import io.roam.scenarios.client.SpokeClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The superusers and EM-enabled phones a chaos run plays with. Each cluster is home to
 * {@code usersPerCluster} superusers (user {@code roamer-3-2} at cluster-3 has DN {@code 30002}) and
 * has {@code devicesPerCluster} phones ({@code SEP000003000001} …); superusers may log in anywhere.
 */
public record Fleet(List<Member> members, Map<String, List<String>> devices) {

    public static final String PIN = "2468";

    public record Member(String userId, String dn, String homeCluster) {
    }

    public Fleet {
        members = List.copyOf(members);
        devices = Map.copyOf(devices);
    }

    public static Fleet of(List<String> clusterIds, int usersPerCluster, int devicesPerCluster) {
        if (usersPerCluster < 1 || usersPerCluster > 99 || devicesPerCluster < 1) {
            throw new IllegalArgumentException("need 1 to 99 users and at least one device per cluster");
        }
        List<Member> members = new ArrayList<>();
        Map<String, List<String>> devices = new LinkedHashMap<>();
        for (String clusterId : clusterIds) {
            int n = clusterNumber(clusterId);
            for (int i = 1; i <= usersPerCluster; i++) {
                members.add(new Member("roamer-" + n + "-" + i, n + "00" + "%02d".formatted(i), clusterId));
            }
            List<String> phones = new ArrayList<>();
            for (int i = 1; i <= devicesPerCluster; i++) {
                phones.add("SEP%06d%06d".formatted(n, i));
            }
            devices.put(clusterId, phones);
        }
        return new Fleet(members, devices);
    }

    private static int clusterNumber(String clusterId) {
        return Integer.parseInt(clusterId.substring(clusterId.lastIndexOf('-') + 1));
    }

    public List<String> userIds() {
        return members.stream().map(Member::userId).toList();
    }

    public List<String> dns() {
        return members.stream().map(Member::dn).toList();
    }

    public List<String> clusterIds() {
        return List.copyOf(devices.keySet());
    }

    /** The devices of every cluster: each device belongs to exactly one. */
    public Map<String, String> clusterOfDevice() {
        Map<String, String> owners = new LinkedHashMap<>();
        devices.forEach((cluster, phones) -> phones.forEach(phone -> owners.put(phone, cluster)));
        return owners;
    }

    /**
     * Configures the phones and provisions the users at their home clusters, then waits until every
     * spoke knows every DN: a superuser cannot log in where its definition has not arrived (23).
     * Both calls are PUTs, so a call that timed out (a spoke still warming up) is simply made again.
     *
     * @return how long the definitions took to reach every spoke
     */
    public Duration provision(Function<String, SpokeClient> spokes, Duration timeout) {
        long started = System.nanoTime();
        Provisioner provisioner = new Provisioner(spokes).retrying(started, timeout);
        List<Provisioner.Phone> phones = new ArrayList<>();
        devices.forEach((cluster, clusterPhones) -> clusterPhones.forEach(phone -> phones.add(new Provisioner.Phone(phone, cluster))));
        provisioner.provision(phones, members.stream()
                .map(member -> new Provisioner.User(member.userId(), PIN, List.of(member.dn()), member.homeCluster())).toList());
        return provisioner.awaitKnown(clusterIds(), dns(), System.nanoTime(), timeout, Duration.ofMillis(250));
    }
}
