package io.roam.spoke.credentials;

import io.roam.events.HybridLogicalClock;
import io.roam.events.PinRejected;
import io.roam.events.UserLoggedIn;
import io.roam.events.UserUnlocked;
import io.roam.spoke.SpokeProperties;
import io.roam.spoke.eventstore.Projection;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong PINs counted network-wide: every cluster records its rejections as events, so a user
 * guessing at four clusters is locked as if it were one. Each run of {@code attempts} wrong
 * PINs since the last unlock or successful login locks the user for {@code duration} from the
 * last of them. A function of the replicated events alone, so every cluster agrees.
 */
@Component
public class PinLockout implements Projection {

    private final int attempts;
    private final long durationMillis;
    private final Map<String, Failures> users = new ConcurrentHashMap<>();

    public PinLockout(SpokeProperties properties) {
        this.attempts = properties.em().lockoutAttempts();
        this.durationMillis = properties.em().lockoutDuration().toMillis();
    }

    private static final class Failures {
        final TreeSet<Long> rejected = new TreeSet<>();
        long resetAt;
    }

    @Override
    public void apply(Object event) {
        if (event instanceof PinRejected e) {
            update(e.userId(), f -> {
                if (e.hlc() > f.resetAt) {
                    f.rejected.add(e.hlc());
                }
            });
        } else if (event instanceof UserUnlocked e) {
            update(e.userId(), f -> reset(f, e.hlc()));
        } else if (event instanceof UserLoggedIn e) {
            users.computeIfPresent(e.userId(), (k, f) -> {
                reset(f, e.hlc());
                return f;
            });
        }
    }

    /** Until when the user is locked, if locked now. */
    public Optional<Long> lockedUntil(String userId, long nowMillis) {
        if (attempts <= 0) {
            return Optional.empty();
        }
        Failures f = users.get(userId);
        if (f == null) {
            return Optional.empty();
        }
        synchronized (f) {
            int count = f.rejected.size();
            if (count < attempts) {
                return Optional.empty();
            }
            int lastLockingIndex = (count / attempts) * attempts - 1;
            long lockingHlc = f.rejected.stream().skip(lastLockingIndex).findFirst().orElseThrow();
            long until = HybridLogicalClock.wallMillis(lockingHlc) + durationMillis;
            return until > nowMillis ? Optional.of(until) : Optional.empty();
        }
    }

    private void update(String userId, java.util.function.Consumer<Failures> change) {
        Failures f = users.computeIfAbsent(userId, k -> new Failures());
        synchronized (f) {
            change.accept(f);
        }
    }

    private static void reset(Failures f, long hlc) {
        synchronized (f) {
            if (hlc > f.resetAt) {
                f.resetAt = hlc;
                f.rejected.headSet(hlc, true).clear();
            }
        }
    }
}
