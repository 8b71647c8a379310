package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Actuator endpoints (health probes, Prometheus) are served on the management port only: the
 * public port answers them 404, with or without a token; and the management port serves no API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ManagementPortTest {

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
  @Value("${local.management.port}")
  int managementPort;

  @Test
  void thePublicPortServesNoActuatorEndpoint() {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    String token = TestIssuer.shared().token("platform-actuator", List.of("platform"));
    for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
        "/actuator/health/liveness", "/actuator/env", "/actuator/metrics")) {
      http.get().uri(path).exchange()
          .expectStatus().isNotFound()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
      http.get().uri(path).header("Authorization", "Bearer " + token).exchange()
          .expectStatus().isNotFound();
    }
  }

  @Test
  void theManagementPortServesProbesAndMetricsButNoApi() {
    assertThat(managementPort).isNotEqualTo(port);
    WebTestClient management = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
    management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    String token = TestIssuer.shared().token("platform-management", List.of("platform"));
    WebTestClient api = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    api.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isOk();
    // The token is now verified and remembered: not even the hot path serves it here.
    for (int i = 0; i < 2; i++) {
      management.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
          .expectStatus().isNotFound();
    }
    assertThat(BACKENDS.callersOf("platform-management")).hasSize(1);
  }
}
