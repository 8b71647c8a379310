package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.idnet.gateway.security.DeniedClients;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The deny list of disabled clients against a real Redis, as the operator's tool drives it: add
 * the client id to the set and publish; remove it and publish. The backstop reload is an hour
 * here, so only the published message can explain a change within seconds. This class stops its
 * own Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DeniedClientsTest {

  static final String KEY = "idnet:gateway:denied-clients";
  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    registry.add("idnet.gateway.denied-clients.reload-every", () -> "1h");
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  DeniedClients denied;

  private int status(String token) {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
        .get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
        .returnResult(String.class).getStatus().value();
  }

  private String code(String token) {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
        .get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
        .expectHeader().valueEquals("Content-Type", "application/problem+json")
        .returnResult(String.class).getResponseBody().blockFirst();
  }

  @Test
  void aClientDeniedAndPublishedIsRefusedWithinSecondsCachedTokensTooAcceptedAgainWhenRemovedAndKeptWhileRedisIsDown() {
    TestIssuer issuer = TestIssuer.shared();
    String held = issuer.token("platform-disabled", List.of("platform"));
    String other = issuer.token("platform-still-enabled", List.of("platform"));
    assertThat(status(held)).isEqualTo(200);
    assertThat(status(held)).as("remembered, served by the hot path").isEqualTo(200);
    RedisClient client = RedisClient.create(REDIS.uri());
    try (var connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      redis.sadd(KEY, "platform-disabled");
      redis.publish(KEY, "platform-disabled");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> status(held) == 401);
      assertThat(code(held)).contains("\"code\":\"client-disabled\"");
      assertThat(status(issuer.token("platform-disabled", List.of("platform")))).as("a new token too").isEqualTo(401);
      assertThat(status(other)).isEqualTo(200);

      redis.srem(KEY, "platform-disabled");
      redis.publish(KEY, "");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> status(held) == 200);

      // Redis goes away: the last known list stays, through failed reloads.
      redis.sadd(KEY, "platform-disabled");
      redis.publish(KEY, "platform-disabled");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> status(held) == 401);
    } finally {
      client.shutdown();
    }
    REDIS.stop();
    try {
      denied.reload().block(Duration.ofSeconds(10)); // what the backstop does, failing
      assertThat(denied.test("platform-disabled")).isTrue();
      assertThat(status(held)).isEqualTo(401);
    } finally {
      REDIS.restart();
    }
  }
}
