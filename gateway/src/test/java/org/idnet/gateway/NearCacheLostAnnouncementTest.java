package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.idnet.identity.v1.VerificationStatus;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The staleness bound when the push fails, with the near cache's defaults (TTL 1 s): an
 * announcement that never comes (identity publishing nothing) leaves the old answer served for at
 * most the TTL after the change; and a cut subscription empties the near cache at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class NearCacheLostAnnouncementTest extends NearCacheGateway {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();
  static final HintingIdentity IDENTITY = new HintingIdentity(REDIS.uri());
  static final Duration TTL = Duration.ofSeconds(1);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    registry.add("idnet.gateway.backends.identity.target", () -> "localhost:" + IDENTITY.port());
  }

  @AfterAll
  static void stop() {
    IDENTITY.close();
    BACKENDS.close();
  }

  @Test
  void withTheAnnouncementLostTheOldAnswerIsNeverServedMoreThanTheTtlAfterTheChange() throws Exception {
    String account = "lost-announcement";
    double hitsBefore = hits();
    assertThat(status("platform-lost", account)).isEqualTo("VERIFIED");
    IDENTITY.set("platform-lost", account, VerificationStatus.REVOKED);
    long changedAt = System.nanoTime();
    record Answer(long askedAt, String status) {
    }
    List<Answer> answers = new ArrayList<>();
    while (System.nanoTime() - changedAt < TTL.plusMillis(700).toNanos()) {
      long asked = System.nanoTime();
      answers.add(new Answer(asked, status("platform-lost", account)));
      Thread.sleep(10);
    }
    List<Answer> afterTheBound = answers.stream().filter(a -> a.askedAt() - changedAt > TTL.toNanos()).toList();
    assertThat(afterTheBound).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isEqualTo("REVOKED"));
    assertThat(hits()).as("the near cache answered meanwhile").isGreaterThan(hitsBefore);
  }

  @Test
  void aCutSubscriptionEmptiesTheNearCacheAtOnce() {
    String account = "cut-subscription";
    assertThat(status("platform-cut", account)).isEqualTo("VERIFIED");
    assertThat(status("platform-cut", account)).isEqualTo("VERIFIED");
    assertThat(IDENTITY.calls("platform-cut", account)).isEqualTo(1);

    RedisClient admin = RedisClient.create(REDIS.uri());
    try (var connection = admin.connect()) {
      assertThat(connection.sync().clientKill(KillArgs.Builder.typePubsub())).isPositive();
    } finally {
      admin.shutdown();
    }
    waitFor(() -> !cache.isOnline(), "the near cache off once its subscription is cut");
    IDENTITY.set("platform-cut", account, VerificationStatus.REVOKED);
    assertThat(status("platform-cut", account)).isEqualTo("REVOKED");
    waitFor(cache::isOnline, "the near cache subscribed again");
    assertThat(status("platform-cut", account)).isEqualTo("REVOKED");
  }
}
