package org.idnet.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

/**
 * The token buckets of the contract's rate classes: one bucket per client and rate class, shared
 * by every route of the class and by every path that serves them. A class without its own
 * configuration has buckets of its own with the numbers of {@code default}.
 *
 * <p>Spring Cloud Gateway names a bucket after the route it serves, whatever route id the filter
 * was configured with (its builder overwrites it with the route's own), so the limiter handed to
 * a route counts under the route's class whatever route id it is passed
 * ({@link LeasedRateLimiter#isAllowed}).
 */
public final class RateLimiters {

  private final Map<String, LeasedRateLimiter> byClass = new ConcurrentHashMap<>();
  private final Function<String, LeasedRateLimiter> limiterOfClass;

  /**
   * @param limiterOfClass the limiter of a class, from its own configuration or else from
   *     {@code default}'s; null when neither is configured
   */
  public RateLimiters(Function<String, LeasedRateLimiter> limiterOfClass) {
    this.limiterOfClass = limiterOfClass;
  }

  /** The bucket of {@code rateClass}, whatever route id a caller passes to it. */
  public RateLimiter<RedisRateLimiter.Config> forClass(String rateClass) {
    LeasedRateLimiter limiter = byClass.computeIfAbsent(rateClass, limiterOfClass);
    if (limiter == null) {
      throw new IllegalStateException("no rate limit configured for class '" + rateClass + "' or 'default'");
    }
    return limiter;
  }
}
