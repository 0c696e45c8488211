package io.roam.scenarios.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.roam.scenarios.support.Poll;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Defines the users and phones of a scenario through each spoke's admin API: superusers with their
 * DNs at their home clusters, EM-enabled phones at theirs. The seed story, the SIP load, chaos and
 * the benches each name their own; this is how all of them define them. Both calls are PUTs, so
 * provisioning again changes nothing and a call cut off midway may simply be made again.
 */
public final class Provisioner {

    /** A superuser, so it may log in at any cluster; defined at its home cluster. */
    public record User(String userId, String pin, List<String> dns, String homeCluster) {

        public User {
            dns = List.copyOf(dns);
        }
    }

    /** An EM-enabled phone of a cluster. */
    public record Phone(String device, String cluster) {
    }

    /** The most DNs a spoke looks up in one call. */
    private static final int LOOKUP_BATCH = 1000;

    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final Function<String, SpokeClient> spokes;
    private final int parallelCalls;
    private final long retrySinceNanos;
    private final Duration retryTimeout;

    /** Calls one after another; the first that fails fails the provisioning. */
    public Provisioner(Function<String, SpokeClient> spokes) {
        this(spokes, 1, 0, null);
    }

    private Provisioner(Function<String, SpokeClient> spokes, int parallelCalls, long retrySinceNanos, Duration retryTimeout) {
        this.spokes = spokes;
        this.parallelCalls = parallelCalls;
        this.retrySinceNanos = retrySinceNanos;
        this.retryTimeout = retryTimeout;
    }

    /** Up to {@code calls} calls at once: a bench defines thousands of users. */
    public Provisioner parallel(int calls) {
        return new Provisioner(spokes, calls, retrySinceNanos, retryTimeout);
    }

    /**
     * A call cut off by an I/O error (a spoke still warming up) is made again every second until
     * {@code timeout} after {@code sinceNanos}; an answer that refuses the call still fails at once.
     */
    public Provisioner retrying(long sinceNanos, Duration timeout) {
        return new Provisioner(spokes, parallelCalls, sinceNanos, timeout);
    }

    /** Configures the phones, then defines the users. */
    public void provision(List<Phone> phones, List<User> users) {
        configurePhones(phones);
        provisionUsers(users);
    }

    public void configurePhones(List<Phone> phones) {
        run(phones.stream().<Runnable>map(phone -> () -> call("configuring " + phone.device() + " at " + phone.cluster(),
                () -> spokes.apply(phone.cluster()).configureDevice(phone.device(), true))).toList());
    }

    public void provisionUsers(List<User> users) {
        run(users.stream().<Runnable>map(user -> () -> call("provisioning " + user.userId() + " at " + user.homeCluster(),
                () -> spokes.apply(user.homeCluster()).provisionUser(user.userId(), user.pin(), user.dns(), true))).toList());
    }

    /**
     * Waits until the spoke of each of these clusters knows every one of the DNs: a superuser cannot
     * log in where its definition has not arrived. A spoke that does not answer yet is asked again.
     *
     * @return the time from {@code sinceNanos} until every spoke knew them
     */
    public Duration awaitKnown(Collection<String> clusters, List<String> dns, long sinceNanos, Duration timeout,
                               Duration interval) {
        return Poll.until(sinceNanos, timeout, interval, () -> {
            List<String> missing = new ArrayList<>();
            for (String cluster : clusters) {
                try {
                    long unknown = unknownAt(cluster, dns);
                    if (unknown > 0) {
                        missing.add(cluster + " does not know " + unknown + " DN(s) yet");
                    }
                } catch (UncheckedIOException | IllegalStateException e) {
                    missing.add(cluster + ": " + e.getMessage());
                }
            }
            return missing;
        });
    }

    private long unknownAt(String cluster, List<String> dns) {
        long unknown = 0;
        for (int from = 0; from < dns.size(); from += LOOKUP_BATCH) {
            List<String> batch = dns.subList(from, Math.min(dns.size(), from + LOOKUP_BATCH));
            JsonNode results = spokes.apply(cluster).lookup(batch).requireOk("lookup at " + cluster).path("results");
            for (JsonNode result : results) {
                unknown += "UNKNOWN".equals(result.path("state").asText()) ? 1 : 0;
            }
        }
        return unknown;
    }

    private void call(String what, Supplier<ApiResponse> call) {
        if (retryTimeout == null) {
            call.get().requireOk(what);
            return;
        }
        Poll.until(retrySinceNanos, retryTimeout, RETRY_INTERVAL, () -> {
            try {
                call.get().requireOk(what);
                return List.of();
            } catch (UncheckedIOException e) {
                return List.of(what + ": " + e.getMessage());
            }
        });
    }

    private void run(List<Runnable> calls) {
        if (parallelCalls == 1) {
            calls.forEach(Runnable::run);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelCalls);
        try {
            List<Future<?>> pending = new ArrayList<>();
            calls.forEach(call -> pending.add(pool.submit(call)));
            for (Future<?> call : pending) {
                call.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
