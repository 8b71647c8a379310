package org.idnet.web.security;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.util.Set;
import org.idnet.redis.RedisFailures;
import org.idnet.web.errors.RefusalPages;
import org.idnet.web.sessions.SessionIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * At most {@code perMinute} state-changing requests a minute per client address ({@link ClientAddress}),
 * counted in Redis under {@code idnet:web:posts:<keyed hash of the address>:<minute>} (the address
 * itself is never stored). Beyond: 429. Redis unavailable: 503, nothing passes (fail closed: the
 * pages behind POSTs send SMS and submit identities).
 */
public final class PostLimit implements WebFilter, Ordered {

  public static final int ORDER = SameOriginPosts.ORDER + 10;
  public static final String PREFIX = "idnet:web:posts:";
  private static final Logger LOG = LoggerFactory.getLogger(PostLimit.class);
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final RedisReactiveCommands<String, byte[]> redis;
  private final SessionIds hashes;
  private final ClientAddress addresses;
  private final int perMinute;
  private final Clock clock;

  public PostLimit(RedisReactiveCommands<String, byte[]> redis, SessionIds hashes, ClientAddress addresses,
      int perMinute, Clock clock) {
    this.redis = redis;
    this.hashes = hashes;
    this.addresses = addresses;
    this.perMinute = perMinute;
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (SAFE.contains(exchange.getRequest().getMethod())) {
      return chain.filter(exchange);
    }
    long minute = clock.millis() / 60_000;
    String key = PREFIX + hashes.hash("posts|" + addresses.of(exchange.getRequest())) + ":" + minute;
    return redis.incr(key)
        .flatMap(count -> count == 1 ? redis.expire(key, 120).thenReturn(count) : Mono.just(count))
        .map(count -> count <= perMinute ? HttpStatus.OK : HttpStatus.TOO_MANY_REQUESTS)
        .onErrorResume(e -> {
          LOG.warn("Redis unavailable for the POST limit, refusing: {}", RedisFailures.describe(e));
          return Mono.just(HttpStatus.SERVICE_UNAVAILABLE);
        })
        .flatMap(status -> {
          if (status == HttpStatus.OK) {
            return chain.filter(exchange);
          }
          exchange.getResponse().setStatusCode(status);
          if (status == HttpStatus.TOO_MANY_REQUESTS) {
            exchange.getResponse().getHeaders().set("Retry-After", "60");
          }
          // The error page says why, in the reader's language (RefusalPages).
          return RefusalPages.refuse(status);
        });
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
