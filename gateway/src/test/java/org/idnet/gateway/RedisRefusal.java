package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.idnet.gateway.security.DeniedClients;
import org.idnet.stores.LocalSentinel;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * For the tests of a Redis the gateway must not use (wrong CA, wrong password): one Sentinel
 * set-up for both, a limit of one OTP check a minute, and the check that limits fail open and
 * the log says why.
 */
final class RedisRefusal {

  static final LocalSentinel.Tls TLS = LocalSentinel.Tls.fromNewCa("gateway redis CA");
  static final Path OTHER_CA = LocalSentinel.Tls.fromNewCa("not redis's CA").ca();
  private static LocalSentinel redis;

  private RedisRefusal() {
  }

  static synchronized LocalSentinel redis() {
    if (redis == null) {
      redis = LocalSentinel.start("gateway-redis-pw", TLS);
    }
    return redis;
  }

  static void register(DynamicPropertyRegistry registry, String url, Path trustFile, FakeBackends backends) {
    GatewayTestSetup.register(registry, url, trustFile, backends, true);
    registry.add("idnet.gateway.rate-limits.otp-check.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.otp-check.burst-capacity", () -> "60");
    registry.add("idnet.gateway.rate-limits.otp-check.requested-tokens", () -> "60");
  }

  /** Three checks in a row pass although one a minute is the limit; a deny-list reload logs {@code why}. */
  static void assertFailsOpenLogging(int port, DeniedClients denied, String why) {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(10)).build();
    String token = TestIssuer.shared().token("platform-refused-redis", List.of("platform"));
    for (int i = 0; i < 3; i++) {
      http.post().uri("/v1/phone-verifications/pv-1/check").header("Authorization", "Bearer " + token)
          .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"code\":\"123456\"}").exchange()
          .expectStatus().isOk();
    }
    Logger logger = (Logger) LoggerFactory.getLogger(DeniedClients.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      denied.reload().block(Duration.ofSeconds(10));
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
        .contains("could not read the denied clients (" + why).doesNotContain(redis().password()));
  }
}
