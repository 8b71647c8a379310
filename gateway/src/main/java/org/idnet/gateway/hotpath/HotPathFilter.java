package org.idnet.gateway.hotpath;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.limits.ClientKeyResolver;
import org.idnet.gateway.limits.RateLimitProblemFilter;
import org.idnet.gateway.limits.RateLimiters;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.gateway.security.TokenCaller;
import org.idnet.gateway.security.VerifiedTokenCache;
import org.idnet.gateway.transcoding.BackendFailureException;
import org.idnet.gateway.transcoding.Transcoders;
import org.idnet.gateway.transcoding.TranscodingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.firewall.HttpStatusExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The hot read routes (verify-account) served without the generic machinery of Spring Security
 * and Spring Cloud Gateway: about twenty-five reactive filters, a path matcher per route for
 * authorization and another for routing, and the gateway's global filters, which together were
 * most of the gateway's CPU per request in the benchmark's profile (BENCHMARKS.md).
 *
 * <p>Only a request the general path would certainly let through is served here: a GET of a hot
 * route, without query string or body, whose bearer token the general path has already verified
 * in full (signature, algorithm, issuer, audience, time; remembered by {@link VerifiedTokenCache})
 * and which is still valid, carrying one of the route's roles. Anything else (no token, a token
 * not seen yet, a wrong role, a query, a body) passes on to the general path untouched, which
 * answers it as always; a new token's first request therefore always takes the general path.
 *
 * <p>What is served here takes the same steps as on the general path, with the same objects:
 * Spring Security's firewall (a request it rejects takes the general path, which rejects it), the
 * client's token bucket of the route's rate class (429 problem with {@code Retry-After} and the
 * limiter's headers), the backend's circuit breaker (the same one, without a timer per call:
 * {@link HotPathBreaker}), the retry of a read on an unavailable
 * backend, the route's own transcoding filter, Spring Security's default response headers, and
 * errors answered by the same exception handler. A test holds the two paths' answers equal.
 */
public final class HotPathFilter implements WebFilter, Ordered {

  private static final Logger log = LoggerFactory.getLogger(HotPathFilter.class);

  /** Retries of a read on an unavailable backend, as the general route's retry filter does. */
  private static final Retry READ_RETRY = Retry.backoff(ApiRoute.READ_RETRIES, ApiRoute.READ_RETRY_FIRST_BACKOFF)
      .maxBackoff(ApiRoute.READ_RETRY_MAX_BACKOFF)
      .jitter(0)
      .filter(BackendFailureException.Unavailable.class::isInstance)
      .onRetryExhaustedThrow((spec, signal) -> signal.failure());

  /** Spring Security's default headers for every answer (ServerHttpSecurity.HeaderSpec). */
  private static final ServerHttpHeadersWriter SECURITY_HEADERS = new CompositeServerHttpHeadersWriter(
      new CacheControlServerHttpHeadersWriter(), new ContentTypeOptionsServerHttpHeadersWriter(),
      new StrictTransportSecurityServerHttpHeadersWriter(), new XFrameOptionsServerHttpHeadersWriter(),
      new XXssProtectionServerHttpHeadersWriter(), new ReferrerPolicyServerHttpHeadersWriter());

  /** Spring Security's default firewall and rejection answer (WebFilterChainProxy's). */
  private static final ServerWebExchangeFirewall FIREWALL = new StrictServerWebExchangeFirewall();
  private static final ServerExchangeRejectedHandler REJECTED = new HttpStatusExchangeRejectedHandler();

  private final List<HotRoute> routes;
  private final VerifiedTokenCache tokens;
  private final Counter served;

  private HotPathFilter(List<HotRoute> routes, VerifiedTokenCache tokens, Counter served) {
    this.routes = List.copyOf(routes);
    this.tokens = tokens;
    this.served = served;
  }

  /**
   * @param hotRouteIds route ids to serve here; ids of routes this gateway does not serve are
   *     ignored (a gateway without that backend), a route that is not a GET refuses the start
   * @param breakers the circuit breaker of a backend, by name ({@link HotPathBreaker})
   */
  public static HotPathFilter of(List<ApiRoute> apiRoutes, List<String> hotRouteIds, VerifiedTokenCache tokens,
      RateLimiters limiters, Transcoders transcoders, Function<String, ReactiveCircuitBreaker> breakers,
      MeterRegistry meters) {
    Set<String> wanted = new HashSet<>(hotRouteIds);
    List<HotRoute> hot = new ArrayList<>();
    for (ApiRoute route : apiRoutes) {
      if (!wanted.contains(route.id())) {
        continue;
      }
      if (route.httpMethod() != HttpMethod.GET || route.isPublic()) {
        throw new IllegalStateException("idnet.gateway.hot-routes: " + route.id()
            + " is not a GET route with roles; only such reads may take the hot path");
      }
      hot.add(new HotRoute(route, Set.copyOf(route.authorities()),
          limiters.forClass(route.rateClass()), breakers.apply(transcoders.backendOf(route).name()),
          transcoders.forRoute(route)));
    }
    wanted.removeAll(hot.stream().map(h -> h.api().id()).toList());
    if (!wanted.isEmpty()) {
      log.warn("idnet.gateway.hot-routes names routes this gateway does not serve, ignored: {}", wanted);
    }
    return new HotPathFilter(hot, tokens, Counter.builder("idnet.gateway.hot.path")
        .description("Requests served by the gateway's hot path instead of the general filter chains")
        .register(meters));
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (routes.isEmpty() || request.getMethod() != HttpMethod.GET || request.getURI().getRawQuery() != null
        || TranscodingFilter.hasBody(request.getHeaders())) {
      return chain.filter(exchange);
    }
    HotRoute route = routeOf(request.getPath().value());
    if (route == null) {
      return chain.filter(exchange);
    }
    Jwt jwt = tokens.remembered(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (jwt == null) {
      return chain.filter(exchange);
    }
    JwtAuthenticationToken principal = TokenCaller.authentication(jwt);
    if (principal.getAuthorities().stream().noneMatch(a -> route.authorities().contains(a.getAuthority()))) {
      return chain.filter(exchange);
    }
    // Spring Security's firewall, as its filter chain applies it first: a request it rejects (a
    // semicolon, an encoded slash, a path that is not normalized...) takes the general path and is
    // rejected there; header values read later are checked by the firewalled exchange.
    return FIREWALL.getFirewalledExchange(exchange)
        .map(Optional::of)
        .onErrorResume(ServerExchangeRejectedException.class, rejected -> Mono.just(Optional.empty()))
        .flatMap(firewalled -> firewalled.isEmpty() ? chain.filter(exchange)
            : serve(firewalled.get(), route, principal)
                .onErrorResume(ServerExchangeRejectedException.class, e -> REJECTED.handle(exchange, e)));
  }

  private Mono<Void> serve(ServerWebExchange exchange, HotRoute route, JwtAuthenticationToken principal) {
    served.increment();
    ServerWebExchange authenticated = exchange.mutate().principal(Mono.just(principal)).build();
    ServerHttpResponse response = exchange.getResponse();
    response.beforeCommit(() -> SECURITY_HEADERS.writeHttpHeaders(authenticated));
    return route.limiter().isAllowed(route.api().id(), ClientKeyResolver.keyOf(principal.getToken()))
        .flatMap(limit -> {
          limit.getHeaders().forEach(response.getHeaders()::add);
          if (!limit.isAllowed()) {
            return ProblemWriter.write(response, RateLimitProblemFilter.tooManyRequests(response.getHeaders()));
          }
          Mono<Void> call = route.transcoder().filter(authenticated, done -> Mono.empty()).retryWhen(READ_RETRY);
          // With the failure itself as the "fallback": the breaker's own (open, timeout) and the
          // backend's reach the exception handler as on the general path, not wrapped.
          return route.breaker().run(call, Mono::error);
        });
  }

  private HotRoute routeOf(String path) {
    for (HotRoute route : routes) {
      if (route.api().path().matches(path)) {
        return route;
      }
    }
    return null;
  }

  /** Before Spring Security's filter chain (order -100), after the server's own filters. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 20;
  }

  private record HotRoute(ApiRoute api, Set<String> authorities, RateLimiter<?> limiter,
      ReactiveCircuitBreaker breaker, TranscodingFilter transcoder) {
  }

  /** A constant: Spring names each web filter on every request by it (WebFilterNamesTest). */
  @Override
  public String toString() {
    return "HotPathFilter";
  }
}
