package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The hot path runs the backend's breaker without a time limiter (no timer per call), but it is
 * the general path's breaker: one count, one state, the same settings. Failures seen on the hot
 * path open it for the general path. With backends of its own (a breaker opened here is seen by
 * no other class).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HotPathBreakerTest {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  ReactiveResilience4JCircuitBreakerFactory breakers;
  @Autowired
  MeterRegistry meters;

  @Test
  void theHotPathCountsInTheGeneralPathsBreakerAndItsFailuresOpenItForBoth() throws Exception {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    String token = TestIssuer.shared().token("platform-breaker", List.of("platform"));
    double hot = meters.get("idnet.gateway.hot.path").counter().count();
    for (int i = 0; i < 2; i++) {
      http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
          .expectStatus().isOk();
    }
    assertThat(meters.get("idnet.gateway.hot.path").counter().count()).isEqualTo(hot + 1);
    CircuitBreaker identity = breakers.getCircuitBreakerRegistry().find("identity").orElseThrow();
    assertThat(identity.getMetrics().getNumberOfSuccessfulCalls()).as("the general path's call and the hot path's")
        .isEqualTo(2);
    assertThat(identity.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(20);
    assertThat(identity.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(10);
    assertThat(identity.getTags()).containsEntry("group", "identity");

    BACKENDS.stopIdentity();
    try {
      for (int i = 0; i < 10; i++) {
        http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
            .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      }
      assertThat(meters.get("idnet.gateway.hot.path").counter().count()).isEqualTo(hot + 11);
      assertThat(identity.getState()).isEqualTo(CircuitBreaker.State.OPEN);
      BACKENDS.startIdentityAgain();
      // A new token's first request takes the general path: refused by the breaker the hot path opened.
      String fresh = TestIssuer.shared().token("platform-breaker-fresh", List.of("platform"));
      http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + fresh).exchange()
          .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
          .expectHeader().exists("Retry-After")
          .expectBody().jsonPath("$.code").isEqualTo("service-unavailable");
      assertThat(BACKENDS.callersOf("platform-breaker-fresh")).isEmpty();
    } finally {
      BACKENDS.startIdentityAgainIfStopped();
    }
  }
}
