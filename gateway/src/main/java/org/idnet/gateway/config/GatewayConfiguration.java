package org.idnet.gateway.config;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.idnet.gateway.errors.GrpcProblems;
import org.idnet.gateway.errors.ContentTypeGuard;
import org.idnet.gateway.errors.ProblemExceptionHandler;
import org.idnet.gateway.hosted.HostedSessionCaller;
import org.idnet.gateway.hotpath.HotPathBreaker;
import org.idnet.gateway.hotpath.HotPathFilter;
import org.idnet.gateway.limits.AddressBuckets;
import org.idnet.gateway.limits.ClientAddress;
import org.idnet.gateway.limits.ClientKeyResolver;
import org.idnet.gateway.limits.LeasedRateLimiter;
import org.idnet.gateway.limits.RateLimitProblemFilter;
import org.idnet.gateway.limits.RateLimiters;
import org.idnet.gateway.limits.UnverifiedTokenLimitFilter;
import org.idnet.gateway.management.ManagementPortGuard;
import org.idnet.gateway.nearcache.NearCacheBackends;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.gateway.routes.ApiRouteLocator;
import org.idnet.gateway.security.DeniedClients;
import org.idnet.gateway.security.VerifiedTokenCache;
import org.idnet.gateway.transcoding.Backend;
import org.idnet.gateway.transcoding.BackendChannels;
import org.idnet.gateway.transcoding.BackendFailureException;
import org.idnet.gateway.transcoding.Transcoders;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.idnet.identity.v1.HostedSessionServiceGrpc;
import org.idnet.tls.MutualTls;
import org.idnet.tls.spring.MutualTlsConfiguration;

/** Wires the edge: the contract's routes, their backends, limits, breakers and error answers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
@Import(MutualTlsConfiguration.class)
public class GatewayConfiguration {

  /** How long a rate-limit lease may serve a client before the rest of it is dropped. */
  static final Duration RATE_LIMIT_LEASE_TIME = Duration.ofSeconds(1);

  @Bean
  ApiCatalog apiCatalog() {
    return ApiCatalog.load();
  }

  /** Mutual TLS to every backend ({@code idnet.tls.*}): the gateway's certificate is what services trust. */
  @Bean(destroyMethod = "close")
  BackendChannels backendChannels(GatewayProperties properties, MutualTls tls) {
    return new BackendChannels(properties.backends(), tls);
  }

  /** The routes this gateway serves: those of the configured backends' services. */
  @Bean
  List<ApiRoute> apiRoutes(ApiCatalog catalog, BackendChannels channels) {
    return catalog.routesOf(channels.services());
  }

  /** Whose address a request counts against: the socket's peer, or X-Forwarded-For from a trusted proxy. */
  @Bean
  ClientAddress clientAddress(GatewayProperties properties) {
    return new ClientAddress(properties.trustedProxies());
  }

  @Bean
  ClientKeyResolver clientKeyResolver(ClientAddress addresses) {
    return new ClientKeyResolver(addresses);
  }

  @Bean
  RateLimitProblemFilter rateLimitProblemFilter() {
    return new RateLimitProblemFilter();
  }

  @Bean
  ProblemExceptionHandler problemExceptionHandler() {
    return new ProblemExceptionHandler();
  }

  /** Around the whole application: a Content-Type Spring cannot parse never reaches an exchange. */
  @Bean
  WebHttpHandlerBuilderCustomizer contentTypeGuard(MeterRegistry meters) {
    return builder -> builder.httpHandlerDecorator(next -> ContentTypeGuard.around(next, meters));
  }

  @Bean
  GrpcProblems grpcProblems(GatewayProperties properties) {
    return new GrpcProblems(properties.unprocessableReasons(), properties.goneReasons());
  }

  /**
   * One token bucket per client and rate class, shared by the gateway's routes and the hot path;
   * kept in Redis, taken in leases (see {@link LeasedRateLimiter} for the error bound).
   */
  @Bean
  RateLimiters rateLimiters(GatewayProperties properties, ReactiveStringRedisTemplate redis) {
    return new RateLimiters(rateClass -> {
      GatewayProperties.RateLimit limit = properties.rateLimits().getOrDefault(rateClass,
          properties.rateLimits().get("default"));
      if (limit == null) {
        return null;
      }
      return new LeasedRateLimiter(rateClass, limit.replenishRate(), limit.burstCapacity(), limit.requestedTokens(),
          LeasedRateLimiter.leaseRequests(limit.replenishRate(), limit.burstCapacity(), limit.requestedTokens()),
          RATE_LIMIT_LEASE_TIME.toNanos(), redis, System::nanoTime);
    });
  }

  /** Each route's backend, with the near cache in front of its channel (NearCacheConfiguration). */
  @Bean
  Transcoders transcoders(BackendChannels channels, GatewayProperties properties, GrpcProblems problems,
      NearCacheBackends nearCache) {
    return new Transcoders(route -> nearCache.of(backend(channels, route)), problems,
        route -> properties.maxBodyBytesPerClass().getOrDefault(route.rateClass(), properties.maxBodyBytes()));
  }

  @Bean
  RouteLocator apiRouteLocator(RouteLocatorBuilder builder, List<ApiRoute> apiRoutes, Transcoders transcoders,
      RateLimiters limiters, ClientKeyResolver keys, BackendChannels channels, GrpcProblems problems,
      DeniedClients denied) {
    return ApiRouteLocator.build(builder, apiRoutes, transcoders::backendOf, limiters, keys, transcoders::forRoute,
        route -> new HostedSessionCaller(route, channels.forService(HostedSessionServiceGrpc.SERVICE_NAME)
            .orElseThrow(() -> new IllegalStateException("no backend for " + HostedSessionServiceGrpc.SERVICE_NAME))
            .channel(), problems, denied));
  }

  /**
   * The hot read routes served without the generic filter chains, for tokens already verified
   * (see {@link HotPathFilter}); {@code idnet.gateway.hot-routes} empty turns it off.
   */
  @Bean
  HotPathFilter hotPathFilter(List<ApiRoute> apiRoutes, GatewayProperties properties, VerifiedTokenCache tokens,
      RateLimiters limiters, Transcoders transcoders, ReactiveResilience4JCircuitBreakerFactory breakers,
      MeterRegistry meters) {
    return HotPathFilter.of(apiRoutes, properties.hotRoutes(), tokens, limiters, transcoders,
        HotPathBreaker.from(breakers.getCircuitBreakerRegistry(), name -> backendBreaker()), meters);
  }

  @Bean
  ManagementPortGuard managementPortGuard() {
    return new ManagementPortGuard();
  }

  /** Before signature checks: a limit per source address on tokens not verified yet. */
  @Bean
  UnverifiedTokenLimitFilter unverifiedTokenLimitFilter(GatewayProperties properties, VerifiedTokenCache tokens,
      ClientAddress addresses) {
    GatewayProperties.UnverifiedTokenLimit limit = properties.unverifiedTokenLimit();
    return new UnverifiedTokenLimitFilter(new AddressBuckets(limit.replenishRate(), limit.burstCapacity(),
        limit.maxAddresses(), System::nanoTime), tokens, addresses);
  }

  private static Backend backend(BackendChannels channels, ApiRoute route) {
    return channels.forService(route.serviceName())
        .orElseThrow(() -> new IllegalStateException("no backend for " + route.serviceName()));
  }

  /**
   * One breaker per backend. It counts only failures of the backend itself (unreachable, past its
   * deadline), never a client's bad request; its time limit sits above the call deadline plus
   * the retries of a read, so the gRPC deadline is what normally ends a slow call. The hot path
   * uses the same breakers without that time limit ({@link HotPathBreaker}).
   */
  @Bean
  Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakers(GatewayProperties properties) {
    return factory -> properties.backends().forEach((name, backend) -> factory.configure(
        builder -> builder
            .circuitBreakerConfig(backendBreaker())
            .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(backend.deadline().multipliedBy(3)).build()),
        name));
  }

  /** The breaker settings of every backend, on both paths. */
  static CircuitBreakerConfig backendBreaker() {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(5))
        .permittedNumberOfCallsInHalfOpenState(3)
        .recordExceptions(BackendFailureException.class, java.util.concurrent.TimeoutException.class)
        .build();
  }
}
