package org.idnet.gateway.limits;

import java.net.InetAddress;
import org.idnet.gateway.errors.Problem;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.errors.Titles;
import org.idnet.gateway.security.BearerTokenConverter;
import org.idnet.gateway.security.VerifiedTokenCache;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A limit per source address on bearer tokens the gateway has not verified yet, applied before
 * Spring Security verifies them: the per-client limits can only count a token once its signature
 * is checked, so without this a flood of new or bogus tokens would spend the gateway's CPU on
 * signature checks before any limit applied. Requests with a token already verified (the hot
 * path, and every request after a token's first) and requests without a token are not counted.
 * In process, no Redis round trip; over the limit: 429 problem with {@code Retry-After}.
 */
public final class UnverifiedTokenLimitFilter implements WebFilter, Ordered {

  private final AddressBuckets buckets;
  private final VerifiedTokenCache tokens;
  private final ClientAddress addresses;

  /** @param addresses whose address a request counts against (the socket's, or a trusted proxy's word) */
  public UnverifiedTokenLimitFilter(AddressBuckets buckets, VerifiedTokenCache tokens, ClientAddress addresses) {
    this.buckets = buckets;
    this.tokens = tokens;
    this.addresses = addresses;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (BearerTokenConverter.bearerToken(authorization) == null || tokens.remembered(authorization) != null) {
      return chain.filter(exchange);
    }
    InetAddress client = addresses.of(exchange.getRequest());
    if (client == null) {
      return chain.filter(exchange);
    }
    long retryAfter = buckets.take(client);
    if (retryAfter == 0) {
      return chain.filter(exchange);
    }
    return ProblemWriter.write(exchange.getResponse(), Problem.of(429, "rate-limited", Titles.title(429),
        "Too many new tokens from this address; retry after the time given in Retry-After.").withRetryAfter(retryAfter));
  }

  /** After the hot path (which serves verified tokens only), before Spring Security (-100). */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 30;
  }

  /** A constant: Spring names each web filter on every request by it (WebFilterNamesTest). */
  @Override
  public String toString() {
    return "UnverifiedTokenLimitFilter";
  }
}
