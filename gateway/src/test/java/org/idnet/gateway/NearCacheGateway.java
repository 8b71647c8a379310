package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.idnet.gateway.nearcache.NearCache;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the near cache's gateway tests share: a client of the running gateway, started once the
 * near cache has subscribed, verify-account's status as a platform sees it, and its counters.
 */
abstract class NearCacheGateway {

  @Value("${local.server.port}")
  int port;
  @Autowired
  MeterRegistry meters;
  @Autowired
  NearCache cache;
  WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(10))
        .build();
    waitFor(cache::isOnline, "the near cache subscribed to the invalidation channel");
  }

  /** The {@code status} of verify-account's answer to {@code platform} for {@code account}. */
  String status(String platform, String account) {
    String token = TestIssuer.shared().token(platform, List.of("platform"));
    String body = http.get().uri("/v1/accounts/" + account + "/verification").header("Authorization", "Bearer " + token)
        .exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    java.util.regex.Matcher status = java.util.regex.Pattern.compile("\"status\":\"([A-Z_]+)\"").matcher(body);
    assertThat(status.find()).as(body).isTrue();
    return status.group(1);
  }

  double hits() {
    return meters.get("idnet.gateway.near.cache.requests").tag("result", "hit").counter().count();
  }

  double invalidations() {
    return meters.get("idnet.gateway.near.cache.invalidations").counter().count();
  }

  static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
