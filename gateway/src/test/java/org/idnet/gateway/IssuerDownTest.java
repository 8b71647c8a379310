package org.idnet.gateway;

import java.util.List;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose issuer has never answered: a well-formed signed token cannot be judged (503
 * {@code issuer-unavailable}, the issuer's fault, to retry), while a malformed one is still the
 * client's fault (401) — never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class IssuerDownTest {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();
  /** Nothing listens here: discovery and the key set never answer. */
  static final String DEAD_ISSUER = "http://127.0.0.1:" + LocalRedis.freePort() + "/realms/idnet";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    registry.add("idnet.gateway.jwt.issuer-uri", () -> DEAD_ISSUER);
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;

  @Test
  void aSignedTokenThatCannotBeJudgedIs503AndAMalformedOneIs401() {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    String signed = TestIssuer.shared().token("platform-issuer-down", List.of("platform"));
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + signed).exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().exists("Retry-After")
        .expectBody().jsonPath("$.code").isEqualTo("issuer-unavailable");
    for (String malformed : List.of("abc", "a.b.c", signed.substring(0, signed.length() / 2))) {
      http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + malformed).exchange()
          .expectStatus().isUnauthorized()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }
}
