package org.idnet.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.idnet.stores.LocalRedis;
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
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Redis stopped (a Redis of this class's own): every POST is refused 503 before any page sees it
 * (the POST limit fails closed), while the public, session-free pages still answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisOutageTest {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final StubGateway GATEWAY = new StubGateway();
  static final Path KEYS = WebTestSetup.keysDirectory();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    WebTestSetup.register(registry, REDIS, GATEWAY, KEYS);
  }

  @AfterAll
  static void stop() {
    GATEWAY.close();
    REDIS.close();
  }

  @Value("${local.server.port}")
  int port;

  @Test
  void postsFailClosedPublicPagesStillAnswer() {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    http.post().uri("/verify/probe").header("X-Forwarded-For", "192.0.2.1").exchange().expectStatus().isForbidden();
    REDIS.stop();
    try {
      String refused = http.post().uri("/verify/probe").header("X-Forwarded-For", "192.0.2.1").cookie("idnet-lang", "en")
          .accept(org.springframework.http.MediaType.TEXT_HTML)
          .body(BodyInserters.fromFormData("_csrf", "x")).exchange().expectStatus().isEqualTo(503)
          .expectBody(String.class).returnResult().getResponseBody();
      assertThat(refused).contains("<html lang=\"en\"", "This service is unavailable right now.");
      http.get().uri("/transparency?from=2026-11&to=2026-11").exchange().expectStatus().isOk();
      http.get().uri("/").exchange().expectStatus().isOk();
    } finally {
      REDIS.restart();
    }
  }
}
