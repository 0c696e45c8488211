package io.roam.spoke.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Sources whose wrong PINs reached {@code wrong-pin-users-per-source} different users within the
 * window: their logins are refused (26) before any PIN is checked, so one source cannot walk the
 * user list locking everyone. One user's own mistakes, however many, never trip it: the per-user
 * lockout is for that.
 */
@Component
public class WrongPinSources {

    private static final Logger log = LoggerFactory.getLogger(WrongPinSources.class);

    /** The users a source got wrong, each with the time of its latest wrong PIN, oldest first. */
    private static final class Misses {
        final LinkedHashMap<String, Long> users = new LinkedHashMap<>();
    }

    private final int limit;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Cache<String, Misses> sources;
    private final Counter refused;

    @Autowired
    public WrongPinSources(EmAbuseSettings settings, MeterRegistry meters) {
        this(settings, meters, System::currentTimeMillis);
    }

    WrongPinSources(EmAbuseSettings settings, MeterRegistry meters, LongSupplier clock) {
        this.limit = settings.wrongPinUsersPerSource();
        this.windowMillis = settings.wrongPinWindow().toMillis();
        this.clock = clock;
        this.sources = Caffeine.newBuilder().maximumSize(settings.sourcesTracked())
                .expireAfterWrite(settings.wrongPinWindow()).build();
        this.refused = Counter.builder("roam.em.refused.sources").tag("reason", "wrong_pins")
                .description("EM calls refused (26) because their source was over its limit").register(meters);
    }

    /** Refuses with 26 a source that is over the limit, until its oldest miss leaves the window. */
    public void admit(String source) {
        Misses misses = limit == 0 ? null : sources.getIfPresent(source);
        if (misses == null) {
            return;
        }
        long now = clock.getAsLong();
        synchronized (misses) {
            forgetOld(misses, now);
            if (misses.users.size() >= limit) {
                refused.increment();
                long oldest = misses.users.values().iterator().next();
                throw new EmException(EmError.THROTTLED, "too many users got wrong PINs from " + source,
                        Duration.ofMillis(oldest + windowMillis - now));
            }
        }
    }

    public void wrongPin(String source, String userId) {
        if (limit == 0) {
            return;
        }
        long now = clock.getAsLong();
        Misses misses = sources.get(source, s -> new Misses());
        synchronized (misses) {
            forgetOld(misses, now);
            misses.users.remove(userId);
            misses.users.put(userId, now);
            if (misses.users.size() == limit) {
                log.warn("wrong PINs for {} different users from {} within {}: its logins are refused (26) for now",
                        limit, source, Duration.ofMillis(windowMillis));
            }
        }
        // a write keeps the entry for another window
        sources.put(source, misses);
    }

    private void forgetOld(Misses misses, long now) {
        misses.users.values().removeIf(at -> at <= now - windowMillis);
    }
}
