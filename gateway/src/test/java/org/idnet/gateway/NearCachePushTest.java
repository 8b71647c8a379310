package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.idnet.gateway.nearcache.NearCache;
import org.idnet.identity.v1.VerificationStatus;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The near cache's invalidation by push, with a TTL far too long to explain anything (30 s, set
 * with the operator's explicit consent): an answer kept is served until identity-service's
 * announcement arrives and not after; a forged announcement only causes a miss; a platform only
 * ever gets its own answers; an answer the backend says not to keep is never kept; and while
 * Redis (so the announcements) is down nothing is kept or served. Real gateway, real Redis, a
 * real gRPC backend over mutual TLS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NearCachePushTest extends NearCacheGateway {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();
  static final HintingIdentity IDENTITY = new HintingIdentity(REDIS.uri());

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    registry.add("idnet.gateway.backends.identity.target", () -> "localhost:" + IDENTITY.port());
    registry.add("idnet.gateway.near-cache.ttl", () -> "30s");
    registry.add("idnet.gateway.near-cache.ttl-above-one-second-allowed", () -> "true");
  }

  @AfterAll
  static void stop() {
    IDENTITY.close();
    BACKENDS.close();
  }

  void announceAndWait(String message) {
    double before = invalidations();
    IDENTITY.announce(message);
    waitFor(() -> invalidations() > before, "the announcement received");
  }

  @Test
  @Order(1)
  void aKeptAnswerIsServedUntilTheAnnouncementAndTheNewOneRightAfter() {
    String account = "push-revoked";
    assertThat(status("platform-push", account)).isEqualTo("VERIFIED");
    assertThat(status("platform-push", account)).isEqualTo("VERIFIED");
    assertThat(IDENTITY.calls("platform-push", account)).as("the second answer came from the near cache").isEqualTo(1);

    IDENTITY.set("platform-push", account, VerificationStatus.REVOKED);
    assertThat(status("platform-push", account)).as("kept: nothing announced yet").isEqualTo("VERIFIED");

    announceAndWait(HintingIdentity.tag("platform-push", account));
    assertThat(status("platform-push", account)).isEqualTo("REVOKED");
    assertThat(IDENTITY.calls("platform-push", account)).isEqualTo(2);
    assertThat(status("platform-push", account)).isEqualTo("REVOKED");
    assertThat(IDENTITY.calls("platform-push", account)).isEqualTo(2);
  }

  @Test
  @Order(2)
  void aForgedAnnouncementOnlyCausesAMiss() {
    String account = "push-forged";
    assertThat(status("platform-forge", account)).isEqualTo("VERIFIED");
    assertThat(IDENTITY.calls("platform-forge", account)).isEqualTo(1);

    // Garbage, another account's key, an account id in clear: none removes or changes this entry.
    announceAndWait("not-a-key");
    announceAndWait(HintingIdentity.tag("platform-other", account));
    announceAndWait(account);
    assertThat(status("platform-forge", account)).isEqualTo("VERIFIED");
    assertThat(IDENTITY.calls("platform-forge", account)).isEqualTo(1);

    // The entry's own key, or "everything", sent by a forger: a miss, answered by the backend.
    announceAndWait(HintingIdentity.tag("platform-forge", account));
    assertThat(status("platform-forge", account)).isEqualTo("VERIFIED");
    assertThat(IDENTITY.calls("platform-forge", account)).isEqualTo(2);
    announceAndWait(NearCache.EVERYTHING);
    IDENTITY.set("platform-forge", account, VerificationStatus.REVOKED);
    assertThat(status("platform-forge", account)).isEqualTo("REVOKED");
    assertThat(IDENTITY.calls("platform-forge", account)).isEqualTo(3);
  }

  @Test
  @Order(3)
  void aPlatformNeverGetsAnotherPlatformsAnswerForTheSameAccountId() {
    String account = "shared-id";
    IDENTITY.set("platform-x", account, VerificationStatus.VERIFIED);
    IDENTITY.set("platform-y", account, VerificationStatus.REVOKED);
    for (int i = 0; i < 3; i++) {
      assertThat(status("platform-x", account)).isEqualTo("VERIFIED");
      assertThat(status("platform-y", account)).isEqualTo("REVOKED");
    }
    assertThat(IDENTITY.calls("platform-x", account)).isEqualTo(1);
    assertThat(IDENTITY.calls("platform-y", account)).isEqualTo(1);
  }

  @Test
  @Order(4)
  void anAnswerTheBackendSaysNotToKeepIsNeverKept() {
    String account = "review-now-teen";
    status("platform-review", account);
    IDENTITY.set("platform-review", account, VerificationStatus.REVOKED);
    assertThat(status("platform-review", account)).isEqualTo("REVOKED");
    assertThat(IDENTITY.calls("platform-review", account)).isEqualTo(2);
  }

  @Test
  @Order(5)
  void whileRedisIsDownNothingIsKeptOrServedAndAfterwardsTheNearCacheResumesEmpty() {
    String account = "redis-down";
    assertThat(status("platform-down", account)).isEqualTo("VERIFIED");
    assertThat(status("platform-down", account)).isEqualTo("VERIFIED");
    assertThat(IDENTITY.calls("platform-down", account)).isEqualTo(1);
    REDIS.stop();
    try {
      waitFor(() -> !cache.isOnline(), "the near cache off once its connection is lost");
      assertThat(cache.size()).isZero();
      IDENTITY.set("platform-down", account, VerificationStatus.REVOKED);
      // No announcement can come: the change is seen at once because every call goes to the backend.
      assertThat(status("platform-down", account)).isEqualTo("REVOKED");
      assertThat(status("platform-down", account)).isEqualTo("REVOKED");
      assertThat(IDENTITY.calls("platform-down", account)).isEqualTo(3);
    } finally {
      REDIS.restart();
    }
    waitFor(cache::isOnline, "the near cache back on after Redis came back");
    IDENTITY.set("platform-down", account, VerificationStatus.VERIFIED);
    assertThat(status("platform-down", account)).isEqualTo("VERIFIED");
    assertThat(status("platform-down", account)).isEqualTo("VERIFIED");
    assertThat(IDENTITY.calls("platform-down", account)).isEqualTo(4);
  }

}
