package io.roam.scenarios.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ResourceNotFoundException;

/**
 * Adds SCRAM users and ACLs through the Admin API, logged in as the super user, and returns once the
 * broker enforces them: the controller acknowledges a change before the broker has applied it, and
 * a client logging in at once could otherwise be refused.
 */
public final class AccessProvisioner implements AutoCloseable {

    /** Kafka's minimum for SCRAM-SHA-512 is 4096; more costs only at each login. */
    private static final int ITERATIONS = 8192;
    private static final Duration POLL = Duration.ofMillis(50);

    private final Admin admin;
    private final Duration timeout;

    /** @param adminConfig an admin client's settings with the super user's login, see {@link KafkaBroker#adminClientConfig()} */
    public AccessProvisioner(Map<String, Object> adminConfig, Duration timeout) {
        this.admin = Admin.create(adminConfig);
        this.timeout = timeout;
    }

    /** The spoke's user and its ACLs ({@link RoamAcls#spoke}). */
    public void provisionSpoke(String clusterId, String hubId, String password) {
        setPassword(RoamAcls.spokeUser(clusterId), password);
        grant(RoamAcls.spoke(clusterId, hubId));
    }

    /** The hub's user and its ACLs for these spokes ({@link RoamAcls#hub}); again with more spokes when a cluster joins. */
    public void provisionHub(String hubId, List<String> spokes, String password) {
        setPassword(RoamAcls.hubUser(hubId), password);
        grant(RoamAcls.hub(hubId, spokes));
    }

    /** Creates the user or rotates its password; sessions already logged in stay until they reconnect. */
    public void setPassword(String user, String password) {
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password))).all());
        awaitTrue(() -> hasCredential(user), "SCRAM credential of " + user);
    }

    /** Adds the bindings; ones that exist already are left as they are. */
    public void grant(List<AclBinding> acls) {
        await(admin.createAcls(acls).all());
        Set<AclBinding> wanted = Set.copyOf(acls);
        awaitTrue(() -> new HashSet<>(await(admin.describeAcls(AclBindingFilter.ANY).values())).containsAll(wanted),
                acls.size() + " ACLs");
    }

    @Override
    public void close() {
        admin.close(timeout);
    }

    private boolean hasCredential(String user) {
        try {
            return !admin.describeUserScramCredentials(List.of(user)).description(user)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).credentialInfos().isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return false;
            }
            throw new IllegalStateException("cannot describe the SCRAM credentials of " + user, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not describe " + user + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitTrue(BooleanSupplier applied, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!applied.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the broker did not apply the " + what + " within " + timeout);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
