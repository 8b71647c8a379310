package org.idnet.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.idnet.stores.TestStores;
import org.idnet.web.StubGateway;
import org.idnet.web.WebTestSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * On the light issuer ({@code idnet.web.console.enabled} false, the default): {@code /console} says
 * the console needs {@code bin/sandbox --keycloak}; no other console route, no login route exists.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleDisabledTest {

  static final StubGateway GATEWAY = new StubGateway();
  static final Path KEYS = WebTestSetup.keysDirectory();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    WebTestSetup.register(registry, TestStores.redis(), GATEWAY, KEYS);
  }

  @AfterAll
  static void stop() {
    GATEWAY.close();
  }

  @Value("${local.server.port}")
  int port;

  @Test
  void theConsoleExplainsThatItNeedsKeycloakAndServesNothingElse() {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    String page = http.get().uri("/console?lang=en").exchange().expectStatus().isOk().expectBody(String.class)
        .returnResult().getResponseBody();
    assertThat(page).contains("bin/sandbox --keycloak");
    for (String route : new String[] {"/console/requests", "/console/queue", "/console/audit",
        "/oauth2/authorization/idnet-console", "/login/oauth2/code/idnet-console?code=x&state=y"}) {
      http.get().uri(route).exchange().expectStatus().isForbidden();
    }
  }
}
