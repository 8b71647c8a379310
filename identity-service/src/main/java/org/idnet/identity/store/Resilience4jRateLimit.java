package org.idnet.identity.store;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.idnet.identity.domain.RateLimit;

/**
 * {@link RateLimit} in this process's memory, one Resilience4j limiter per caller id: at most
 * {@code permits} calls per {@code period}, a call over it refused at once, never queued. Per
 * instance: n replicas allow n times as much. Limiters are never dropped; the keys are client ids
 * of the identity provider (platforms, carriers), a short list that only an administrator grows.
 */
public final class Resilience4jRateLimit implements RateLimit {

  private final RateLimiterRegistry limiters;
  private final Duration period;

  public Resilience4jRateLimit(int permits, Duration period) {
    if (permits < 1) {
      throw new IllegalArgumentException("a rate limit allows at least 1 call per period");
    }
    Objects.requireNonNull(period, "period");
    if (period.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("a rate limit's period is at least 1 ms");
    }
    this.period = period;
    this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
        .limitForPeriod(permits)
        .limitRefreshPeriod(period)
        .timeoutDuration(Duration.ZERO)
        .build());
  }

  @Override
  public Optional<Duration> tryAcquire(String callerId) {
    RateLimiter limiter = limiters.rateLimiter(callerId);
    if (limiter.acquirePermission()) {
      return Optional.empty();
    }
    long nanos = limiter instanceof AtomicRateLimiter atomic
        ? atomic.getDetailedMetrics().getNanosToWait() : period.toNanos();
    return Optional.of(Duration.ofNanos(Math.max(1, nanos)));
  }
}
