package org.idnet.gateway.hotpath;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.util.Map;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A backend's circuit breaker as the hot path runs it: the very Resilience4j breaker the general
 * path's Spring Cloud CircuitBreaker uses (same registry, name, settings and tags, so one count of
 * the backend's failures, one state), without the time limiter Spring Cloud CircuitBreaker puts
 * around every call, which schedules a timer per call. On the hot path that limit can never be
 * what ends a call: it serves only bodiless GETs, each attempt carries the gRPC deadline
 * ({@code GrpcInvoker}) and only an unavailable backend is retried, so a slow call ends as
 * DEADLINE_EXCEEDED, a backend failure the breaker counts, well before three deadlines have passed.
 */
public final class HotPathBreaker implements ReactiveCircuitBreaker {

  private final CircuitBreaker breaker;

  private HotPathBreaker(CircuitBreaker breaker) {
    this.breaker = breaker;
  }

  /**
   * @param settings the backend's breaker settings, those the general path's factory is given
   * @return the breakers by backend name, made as Spring Cloud CircuitBreaker makes them
   *     (ReactiveResilience4JCircuitBreaker: tag {@code group} = the name)
   */
  public static Function<String, ReactiveCircuitBreaker> from(CircuitBreakerRegistry registry,
      Function<String, CircuitBreakerConfig> settings) {
    return name -> new HotPathBreaker(registry.circuitBreaker(name, settings.apply(name), Map.of("group", name)));
  }

  @Override
  public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
    Mono<T> guarded = toRun.transform(CircuitBreakerOperator.of(breaker));
    return fallback == null ? guarded : guarded.onErrorResume(fallback);
  }

  @Override
  public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
    Flux<T> guarded = toRun.transform(CircuitBreakerOperator.of(breaker));
    return fallback == null ? guarded : guarded.onErrorResume(fallback);
  }
}
