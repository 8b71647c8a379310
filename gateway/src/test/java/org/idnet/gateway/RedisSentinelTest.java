package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on Redis as production runs it: Sentinel, TLS verified against the CA file, a
 * password, all from one {@code rediss-sentinel://} URL. Rate limits and the deny list work
 * through it; when the master dies the limits fail open (as for any Redis outage) and hold again
 * once Sentinel has promoted the replica, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelTest {

  static final String DENIED = "idnet:gateway:denied-clients";
  static final LocalSentinel.Tls TLS = LocalSentinel.Tls.fromNewCa("gateway redis CA");
  static final LocalSentinel REDIS = LocalSentinel.start("gateway-redis-pw", TLS);
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS.uri(), TLS.ca(), BACKENDS, true);
    // Only a published message can explain a deny-list change within seconds.
    registry.add("idnet.gateway.denied-clients.reload-every", () -> "1h");
    // One OTP check a minute per client: a second one within the minute shows the bucket is in Redis.
    registry.add("idnet.gateway.rate-limits.otp-check.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.otp-check.burst-capacity", () -> "60");
    registry.add("idnet.gateway.rate-limits.otp-check.requested-tokens", () -> "60");
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
    REDIS.close();
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  LettuceConnectionFactory connections;

  int otpCheck(String token) {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
        .post().uri("/v1/phone-verifications/pv-1/check").header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"code\":\"123456\"}").exchange()
        .returnResult(String.class).getStatus().value();
  }

  int verification(String token) {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
        .get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
        .returnResult(String.class).getStatus().value();
  }

  @Test
  @Order(1)
  void bootConnectsThroughTheSentinelsOfTheUrlOverTls() {
    assertThat(connections.getSentinelConfiguration()).isNotNull();
    assertThat(connections.getSentinelConfiguration().getSentinels()).extracting(RedisNode::getPort)
        .containsExactlyElementsOf(REDIS.sentinelPorts());
    assertThat(connections.getClientConfiguration().isUseSsl()).isTrue();
  }

  @Test
  @Order(2)
  void aClientDeniedOnTheMasterIsRefusedThroughTheSubscription() {
    String token = TestIssuer.shared().token("platform-sentinel-denied", List.of("platform"));
    assertThat(verification(token)).isEqualTo(200);

    REDIS.askNode(REDIS.masterPort(), c -> {
      c.sync().sadd(DENIED, "platform-sentinel-denied");
      return c.sync().publish(DENIED, "platform-sentinel-denied");
    });
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> verification(token) == 401);

    REDIS.askNode(REDIS.masterPort(), c -> {
      c.sync().srem(DENIED, "platform-sentinel-denied");
      return c.sync().publish(DENIED, "");
    });
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> verification(token) == 200);
  }

  @Test
  @Order(3)
  void limitsHoldThroughSentinelFailOpenWhileThereIsNoMasterAndHoldAgainAfterTheFailover() {
    TestIssuer issuer = TestIssuer.shared();
    String token = issuer.token("platform-sentinel", List.of("platform"));
    assertThat(otpCheck(token)).isEqualTo(200);
    assertThat(otpCheck(token)).as("the bucket lives in Redis, through Sentinel").isEqualTo(429);

    int killed = REDIS.killMaster();
    long start = System.nanoTime();
    assertThat(otpCheck(token)).as("no master: general limits fail open").isEqualTo(200);

    boolean heldAgain = false;
    for (int round = 0; !heldAgain && System.nanoTime() - start < Duration.ofSeconds(40).toNanos(); round++) {
      String fresh = issuer.token("platform-after-failover-" + round, List.of("platform"));
      heldAgain = otpCheck(fresh) == 200 && otpCheck(fresh) == 429;
    }
    System.out.printf("gateway limits held again %d ms after the master was killed%n",
        Duration.ofNanos(System.nanoTime() - start).toMillis());

    assertThat(heldAgain).as("limits hold again after the failover, without a restart").isTrue();
    assertThat(REDIS.masterPort()).isNotEqualTo(killed);
  }
}
