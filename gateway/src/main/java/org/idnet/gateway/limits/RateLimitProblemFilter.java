package org.idnet.gateway.limits;

import org.idnet.gateway.errors.Problem;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.errors.Titles;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's RequestRateLimiter answers 429 with an empty body. This gives that
 * answer the problem+json body of every other error and a {@code Retry-After} header: the time
 * the token bucket needs to hold one token again.
 */
public final class RateLimitProblemFilter implements WebFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpResponse decorated = new ServerHttpResponseDecorator(exchange.getResponse()) {
      @Override
      public Mono<Void> setComplete() {
        if (HttpStatus.TOO_MANY_REQUESTS.equals(getStatusCode()) && !isCommitted()) {
          return ProblemWriter.write(getDelegate(), tooManyRequests(getDelegate().getHeaders()));
        }
        return super.setComplete();
      }
    };
    return chain.filter(exchange.mutate().response(decorated).build());
  }

  /**
   * The 429 problem, with the seconds until the bucket holds a token again, read from the
   * limiter's headers already on the response.
   */
  public static Problem tooManyRequests(HttpHeaders responseHeaders) {
    return Titles.problem(429).withRetryAfter(retryAfter(responseHeaders));
  }

  private static long retryAfter(HttpHeaders headers) {
    String rate = headers.getFirst(RedisRateLimiter.REPLENISH_RATE_HEADER);
    String tokens = headers.getFirst(RedisRateLimiter.REQUESTED_TOKENS_HEADER);
    try {
      double perSecond = Double.parseDouble(rate);
      int requested = tokens == null ? 1 : Integer.parseInt(tokens);
      return Math.max(1, (long) Math.ceil(requested / perSecond));
    } catch (RuntimeException e) {
      return 1;
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  /** A constant: Spring names each web filter on every request by it (WebFilterNamesTest). */
  @Override
  public String toString() {
    return "RateLimitProblemFilter";
  }
}
