package org.idnet.gateway.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The near cache of backend answers, under {@code idnet.gateway.near-cache} (README, "Near cache").
 *
 * @param enabled whether answers are kept at all (default true)
 * @param ttl how long after its backend call started an answer is served at most (default 1s):
 *     the staleness bound when an invalidation is lost. Above 1s only with
 *     {@code ttl-above-one-second-allowed}
 * @param ttlAboveOneSecondAllowed the operator's explicit consent to a TTL above 1s (default false)
 * @param maxEntries how many answers are kept at most (default 20000: about 30 MB of heap, 1.4-1.5 KB an entry)
 * @param channel the Redis channel identity-service announces invalidations on
 *     ({@code idnet.identity.cache.invalidation-channel}; default {@code idnet:near-cache:invalidations})
 * @param retryDelay how often a first subscription that failed is tried again, and the reconnect
 *     delay (default 1s)
 * @param methods the unary gRPC methods whose answers are kept (default CheckAccount)
 */
@ConfigurationProperties("idnet.gateway.near-cache")
public record NearCacheProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1s") Duration ttl,
    @DefaultValue("false") boolean ttlAboveOneSecondAllowed,
    @DefaultValue("20000") int maxEntries,
    @DefaultValue("idnet:near-cache:invalidations") String channel,
    @DefaultValue("1s") Duration retryDelay,
    @DefaultValue("idnet.identity.v1.AccountVerificationService/CheckAccount") List<String> methods) {

  static final Duration ONE_SECOND = Duration.ofSeconds(1);

  public NearCacheProperties {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalStateException("idnet.gateway.near-cache.ttl must be positive (it is " + ttl + ")");
    }
    if (ttl.compareTo(ONE_SECOND) > 0 && !ttlAboveOneSecondAllowed) {
      throw new IllegalStateException("idnet.gateway.near-cache.ttl is " + ttl + ", above the 1s staleness bound"
          + " a lost invalidation may cost; set idnet.gateway.near-cache.ttl-above-one-second-allowed=true to"
          + " accept answers that old, or lower the TTL");
    }
    if (maxEntries < 1) {
      throw new IllegalStateException("idnet.gateway.near-cache.max-entries must be at least 1 (it is "
          + maxEntries + ")");
    }
    if (channel == null || channel.isBlank()) {
      throw new IllegalStateException("idnet.gateway.near-cache.channel must name a Redis channel");
    }
    if (retryDelay.isNegative() || retryDelay.isZero()) {
      throw new IllegalStateException("idnet.gateway.near-cache.retry-delay must be positive");
    }
    methods = List.copyOf(methods);
  }
}
