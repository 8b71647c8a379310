package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Backends that fail: retries of reads only, and the breaker that opens. With backends (and so
 * breakers) of its own: a backend stopped here, or a breaker opened, is seen by no other class.
 * The two tests use different backends (phone-otp, identity), so neither sees the other's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BackendFailureTest {

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
  WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  @Test
  void onlyReadsAreRetriedWhenABackendIsUnavailable() {
    String token = TestIssuer.shared().token("platform-flaky", List.of("platform"));
    http.get().uri("/v1/phone-verifications/flaky").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(BACKENDS.flakyGets).hasValue(3);
    http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountId\":\"flaky\",\"phoneNumber\":\"0912345678\"}").exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(BACKENDS.flakyCreates).hasValue(1);
  }

  /**
   * A backend killed in the middle of its answer: grpc-java reports INTERNAL without the ErrorInfo
   * every idnet service sends. That is a backend that did not answer (503, a read retried, counted
   * by the breaker), not a bug of the service (500).
   */
  @Test
  void aConnectionThatDiesMidAnswerIs503LikeAnUnreachableBackend() {
    String token = TestIssuer.shared().token("platform-cut", List.of("platform"));
    http.get().uri("/v1/phone-verifications/cut").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectBody().jsonPath("$.code").isEqualTo("service-unavailable")
        .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).doesNotContain("mid-frame"));
    assertThat(BACKENDS.cutGets).as("tried as often as an unavailable backend's read").hasValue(3);
  }

  @Test
  void backendDownIs503AndTheBreakerOpens() throws Exception {
    BACKENDS.stopIdentity();
    try {
      String token = TestIssuer.shared().token("platform-backend-down", List.of("platform"));
      for (int i = 0; i < 12; i++) {
        http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
            .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
      }
      BACKENDS.startIdentityAgain();
      // The breaker is open now: it answers 503 at once, without calling the backend that is back.
      http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
          .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
          .expectHeader().exists("Retry-After")
          .expectBody().jsonPath("$.code").isEqualTo("service-unavailable");
      assertThat(BACKENDS.callersOf("platform-backend-down")).isEmpty();
    } finally {
      BACKENDS.startIdentityAgainIfStopped();
    }
  }
}
