package io.roam.spoke.credentials;

import io.roam.events.HybridLogicalClock;
import io.roam.events.PinRejected;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserUnlocked;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.MultipleLoginBehavior;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PinLockoutTest {

    private static final long T = 1_700_000_000_000L;

    private final PinLockout lockout = new PinLockout(lockoutSettings());

    private static PinRejected wrongPin(String cluster, long wallMillis) {
        return new PinRejected("bob", cluster, "SEP1", HybridLogicalClock.pack(wallMillis, 0));
    }

    @Test
    void wrong_pins_at_different_clusters_add_up_to_a_lock() {
        lockout.apply(wrongPin("cluster-1", T));
        lockout.apply(wrongPin("cluster-2", T + 10));
        assertThat(lockout.lockedUntil("bob", T + 20)).isEmpty();

        lockout.apply(wrongPin("cluster-3", T + 20));

        assertThat(lockout.lockedUntil("bob", T + 30)).contains(T + 20 + Duration.ofMinutes(5).toMillis());
    }

    @Test
    void the_lock_ends_by_itself_after_the_configured_time() {
        for (int i = 0; i < 3; i++) {
            lockout.apply(wrongPin("cluster-1", T + i));
        }
        assertThat(lockout.lockedUntil("bob", T + Duration.ofMinutes(5).toMillis() + 3)).isEmpty();
    }

    @Test
    void an_unlock_clears_the_lock_and_the_count_and_arrival_order_does_not_matter() {
        PinLockout other = new PinLockout(lockoutSettings());
        PinRejected a = wrongPin("cluster-1", T), b = wrongPin("cluster-2", T + 1), c = wrongPin("cluster-3", T + 2);
        UserUnlocked unlock = new UserUnlocked("bob", "cluster-1", HybridLogicalClock.pack(T + 3, 0));

        for (Object e : new Object[]{a, b, c, unlock}) {
            lockout.apply(e);
        }
        for (Object e : new Object[]{unlock, c, a, b}) {
            other.apply(e);
        }

        assertThat(lockout.lockedUntil("bob", T + 4)).isEmpty();
        assertThat(other.lockedUntil("bob", T + 4)).isEmpty();
    }

    @Test
    void a_successful_login_resets_the_count() {
        lockout.apply(wrongPin("cluster-1", T));
        lockout.apply(wrongPin("cluster-1", T + 1));
        lockout.apply(new UserLoggedIn("l1", "bob", "cluster-1", "SEP1", HybridLogicalClock.pack(T + 2, 0)));
        lockout.apply(wrongPin("cluster-1", T + 3));

        assertThat(lockout.lockedUntil("bob", T + 4)).isEmpty();
    }

    private static SpokeProperties lockoutSettings() {
        return new SpokeProperties("cluster-1", "hub-a", null, "t", false, null, null,
                new SpokeProperties.Em(MultipleLoginBehavior.ALLOWED, 5, Duration.ZERO, 4, 3, Duration.ofMinutes(5), false, "", false, true),
                new SpokeProperties.Replication(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 500, Duration.ZERO, Duration.ofSeconds(60)));
    }
}
