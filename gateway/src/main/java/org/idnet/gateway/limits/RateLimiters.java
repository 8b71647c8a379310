package org.idnet.gateway.limits;

import java.util.Map;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import reactor.core.publisher.Mono;

/**
 * The token buckets of the contract's rate classes: one bucket per client and rate class, shared
 * by every route of the class and by every path that serves them. A class without its own
 * configuration counts under {@code default}.
 *
 * <p>Spring Cloud Gateway names a bucket after the route it serves, whatever route id the filter
 * was configured with (its builder overwrites it with the route's own), so the limiter handed to
 * a route is wrapped to count under the route's class instead.
 */
public final class RateLimiters {

  private final Map<String, RedisRateLimiter> byClass;

  public RateLimiters(Map<String, RedisRateLimiter> byClass) {
    this.byClass = Map.copyOf(byClass);
  }

  /** The bucket of {@code rateClass}, whatever route id a caller passes to it. */
  public RateLimiter<RedisRateLimiter.Config> forClass(String rateClass) {
    RedisRateLimiter limiter = byClass.getOrDefault(rateClass, byClass.get("default"));
    if (limiter == null) {
      throw new IllegalStateException("no rate limit configured for class '" + rateClass + "' or 'default'");
    }
    return new ClassBucket(rateClass, limiter);
  }

  private record ClassBucket(String rateClass, RedisRateLimiter limiter) implements RateLimiter<RedisRateLimiter.Config> {

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
      return limiter.isAllowed(rateClass, id);
    }

    @Override
    public Map<String, RedisRateLimiter.Config> getConfig() {
      return limiter.getConfig();
    }

    @Override
    public Class<RedisRateLimiter.Config> getConfigClass() {
      return limiter.getConfigClass();
    }

    @Override
    public RedisRateLimiter.Config newConfig() {
      return limiter.newConfig();
    }
  }
}
