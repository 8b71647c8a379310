package org.idnet.gateway.routes;

import java.util.List;
import java.util.function.Function;
import org.idnet.gateway.limits.RateLimiters;
import org.idnet.gateway.transcoding.Backend;
import org.idnet.gateway.transcoding.BackendFailureException;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.http.HttpStatus;

/**
 * Turns the contract's routes into Spring Cloud Gateway routes, each with the same filter chain:
 * on routes a hosted session may call, the session's resolution (HostedSessionCaller); the
 * per-client rate limit of the route's class, the backend's circuit breaker, a retry for reads
 * only, and the transcoding filter that makes the gRPC call. No controller per endpoint: a new
 * rpc with an HTTP rule and an access policy is a new route.
 */
public final class ApiRouteLocator {

  private ApiRouteLocator() {
  }

  public static RouteLocator build(RouteLocatorBuilder builder, List<ApiRoute> routes,
      Function<ApiRoute, Backend> backends, RateLimiters limiters, KeyResolver keys,
      Function<ApiRoute, GatewayFilter> transcoders, Function<ApiRoute, GatewayFilter> sessions) {
    RouteLocatorBuilder.Builder table = builder.routes();
    List<ApiRoute> ordered = RouteOrder.of(routes);
    int order = 0;
    for (ApiRoute route : ordered) {
      Backend backend = backends.apply(route);
      RateLimiter<?> limiter = limiters.forClass(route.rateClass());
      int routeOrder = order++;
      table.route(route.id(), r -> r.order(routeOrder)
          .method(route.httpMethod())
          .and().path(route.path().springPattern())
          .filters(f -> {
            if (route.hosted()) {
              // Before the limiter: a hosted session counts under its platform's key.
              f.filter(sessions.apply(route));
            }
            f.requestRateLimiter(c -> {
              // One bucket per client and rate class, shared by the routes of the class: the
              // limiter counts under the class whatever route id the filter passes it.
              c.setRateLimiter(limiter).setKeyResolver(keys).setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            });
            f.circuitBreaker(c -> c.setName(backend.name()));
            if (route.idempotent()) {
              f.retry(c -> c.setRetries(ApiRoute.READ_RETRIES)
                  .setMethods(org.springframework.http.HttpMethod.GET)
                  .setSeries()
                  .setStatuses()
                  .setExceptions(BackendFailureException.Unavailable.class)
                  .setBackoff(ApiRoute.READ_RETRY_FIRST_BACKOFF, ApiRoute.READ_RETRY_MAX_BACKOFF, 2, true));
            }
            return f.filter(transcoders.apply(route));
          })
          .uri("no://op"));
    }
    return table.build();
  }
}
