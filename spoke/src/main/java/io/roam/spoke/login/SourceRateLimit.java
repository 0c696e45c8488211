package io.roam.spoke.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roam.spoke.api.EmError;
import io.roam.spoke.api.EmException;
import io.roam.spoke.api.RequestSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.time.Duration;

/**
 * A token bucket per source for the phones' EM logins and logouts, taken before the call's body
 * is read, so malformed calls count too. A source idle long enough to have refilled its bucket is
 * forgotten, and past {@code sources-tracked} the least recently seen ones are, so memory stays
 * bounded whatever the number of sources.
 */
@Component
public class SourceRateLimit implements HandlerInterceptor {

    private final RequestSource sources;
    private final double rate;
    private final int burst;
    private final Cache<String, TokenBucket> buckets;
    private final Counter refused;

    public SourceRateLimit(RequestSource sources, EmAbuseSettings settings, MeterRegistry meters) {
        this.sources = sources;
        this.rate = settings.ratePerSource();
        this.burst = settings.burstPerSource();
        Duration refill = Duration.ofNanos(rate == 0 ? 1 : (long) Math.ceil(burst / rate * 1e9));
        this.buckets = Caffeine.newBuilder().maximumSize(settings.sourcesTracked()).expireAfterAccess(refill).build();
        this.refused = Counter.builder("roam.em.refused.sources").tag("reason", "rate")
                .description("EM calls refused (26) because their source was over its limit").register(meters);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        admit(sources.of(request));
        return true;
    }

    /** Takes one of the source's tokens, or refuses with 26 and when to try again. */
    private void admit(String source) {
        if (rate == 0) {
            return;
        }
        long now = System.nanoTime();
        long wait = buckets.get(source, s -> new TokenBucket(rate, burst, now)).take(now);
        if (wait > 0) {
            refused.increment();
            throw new EmException(EmError.THROTTLED, "too many EM calls from " + source, Duration.ofNanos(wait));
        }
    }
}
