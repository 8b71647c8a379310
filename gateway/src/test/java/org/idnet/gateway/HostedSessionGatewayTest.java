package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.idnet.caller.Caller;
import org.idnet.gateway.security.DeniedClients;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A hosted session through the real gateway (docs/pages.md section 3.3): idnet's pages' token with
 * {@code Idnet-Session} acts as the session's platform, with the session id and account scope, on
 * the routes whose policy has {@code hosted} and nowhere else; a missing session is 403, a bad or
 * unknown one 401, an account outside the scope 404 before any service is called; and the session
 * counts under its platform's rate-limit key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HostedSessionGatewayTest {

  static final TestIssuer ISSUER = TestIssuer.shared();
  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();
  static final String SESSION = FakeBackends.SESSION_ID + "." + FakeBackends.SESSION_SECRET;
  static final String PLATFORM = FakeBackends.SESSION_PLATFORM;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    // OTP checks: one request empties a client's bucket for a minute.
    registry.add("idnet.gateway.rate-limits.otp-check.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.otp-check.burst-capacity", () -> "60");
    registry.add("idnet.gateway.rate-limits.otp-check.requested-tokens", () -> "60");
    // Openings of hosted sessions: one a minute for the pages' client.
    registry.add("idnet.gateway.rate-limits.hosted-openings.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.hosted-openings.burst-capacity", () -> "60");
    registry.add("idnet.gateway.rate-limits.hosted-openings.requested-tokens", () -> "60");
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  DeniedClients denied;
  WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  static String pages() {
    return ISSUER.token("test-idnet-web", List.of("hosted-pages"));
  }

  private WebTestClient.ResponseSpec start(String token, String session, String accountId) {
    var request = http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + token);
    if (session != null) {
      request.header("Idnet-Session", session);
    }
    return request.contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("accountId", accountId, "phoneNumber", "0912345678")).exchange();
  }

  @Test
  void aSessionActsAsItsPlatformWithItsIdAndScope() {
    int before = BACKENDS.callersOf(PLATFORM).size();
    start(pages(), SESSION, "acc-in-session").expectStatus().is2xxSuccessful()
        .expectBody().jsonPath("$.accountId").isEqualTo("acc-in-session");
    start(pages(), SESSION, "guardian-in-session").expectStatus().is2xxSuccessful();
    List<Caller> callers = BACKENDS.callersOf(PLATFORM);
    assertThat(callers).hasSize(before + 2);
    Caller caller = callers.get(callers.size() - 1);
    assertThat(caller.subject()).isEqualTo("hosted-session:" + FakeBackends.SESSION_ID);
    assertThat(caller.platformId()).isEqualTo(PLATFORM);
    assertThat(caller.roles()).containsExactly("platform");
    assertThat(caller.sessionId()).isEqualTo(FakeBackends.SESSION_ID);
    assertThat(caller.accountScope()).containsExactlyElementsOf(FakeBackends.SESSION_SCOPE);
    assertThat(BACKENDS.callersOf("test-idnet-web")).as("never stated as the pages' own client").isEmpty();
  }

  @Test
  void anAccountOutsideTheScopeIs404BeforeAnyServiceIsCalled() {
    int before = BACKENDS.callersOf(PLATFORM).size();
    start(pages(), SESSION, "someone-else").expectStatus().isNotFound()
        .expectBody().jsonPath("$.code").isEqualTo("account-not-found");
    assertThat(BACKENDS.callersOf(PLATFORM)).hasSize(before);
  }

  @Test
  void withoutASessionThePagesTokenIsRefused403AndABadOneIs401() {
    start(pages(), null, "acc-in-session").expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("session-required");
    start(pages(), "not-a-session", "acc-in-session").expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("invalid-session");
    int resolved = BACKENDS.resolved.size();
    start(pages(), FakeBackends.SESSION_ID + "." + "t".repeat(43), "acc-in-session").expectStatus().isUnauthorized()
        .expectBody().jsonPath("$.code").isEqualTo("invalid-session");
    assertThat(BACKENDS.resolved).as("the wrong secret was asked about").hasSize(resolved + 1);
    start(pages(), "vs_BBBBBBBBBBBBBBBBBBBBBB." + FakeBackends.SESSION_SECRET, "acc-in-session")
        .expectStatus().isUnauthorized();
    http.get().uri("/v1/phone-verifications/pv-1").header("Authorization", "Bearer " + pages())
        .exchange().expectStatus().isForbidden();
  }

  @Test
  void aSessionOfADeniedPlatformIsRefusedLikeAnInvalidSessionAndActsAgainWhenTheDenialIsLifted() {
    RedisClient client = RedisClient.create(REDIS.uri());
    try (var connection = client.connect()) {
      var redis = connection.sync();
      redis.sadd("idnet:gateway:denied-clients", PLATFORM);
      denied.reload().block(Duration.ofSeconds(10));
      int before = BACKENDS.callersOf(PLATFORM).size();
      start(pages(), SESSION, "acc-in-session").expectStatus().isUnauthorized()
          .expectBody().jsonPath("$.code").isEqualTo("invalid-session");
      start(ISSUER.token(PLATFORM, List.of("platform")), null, "acc-in-session").expectStatus().isUnauthorized()
          .expectBody().jsonPath("$.code").isEqualTo("client-disabled");
      assertThat(BACKENDS.callersOf(PLATFORM)).as("no service was called for the denied platform").hasSize(before);
      redis.srem("idnet:gateway:denied-clients", PLATFORM);
      denied.reload().block(Duration.ofSeconds(10));
      start(pages(), SESSION, "acc-in-session").expectStatus().is2xxSuccessful();
    } finally {
      // Whatever failed above, the platform is not left denied for the other cases.
      try (var connection = client.connect()) {
        connection.sync().srem("idnet:gateway:denied-clients", PLATFORM);
      }
      denied.reload().block(Duration.ofSeconds(10));
      client.shutdown();
    }
  }

  @Test
  void aSessionReachesNoRouteWithoutTheHostedPolicy() {
    // CheckAccount (the hot path), a lookup and a webhook route: platform routes, not hosted.
    http.get().uri("/v1/accounts/{id}/verification", "acc-in-session").header("Authorization", "Bearer " + pages())
        .header("Idnet-Session", SESSION).exchange().expectStatus().isForbidden();
    http.post().uri("/v1/accounts/verification-lookups").header("Authorization", "Bearer " + pages())
        .header("Idnet-Session", SESSION).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .exchange().expectStatus().isForbidden();
    http.delete().uri("/v1/accounts/{id}", "acc-in-session").header("Authorization", "Bearer " + pages())
        .header("Idnet-Session", SESSION).exchange().expectStatus().isForbidden();
  }

  @Test
  void aPlatformTokenWithAnIdnetSessionHeaderStaysThePlatformItself() {
    String platform = "platform-with-header";
    start(ISSUER.token(platform, List.of("platform")), SESSION, "any-account").expectStatus().is2xxSuccessful();
    Caller caller = BACKENDS.callersOf(platform).get(0);
    assertThat(caller.inHostedSession()).isFalse();
    assertThat(caller.subject()).isEqualTo("service-account-" + platform);
  }

  @Test
  void thePagesOwnMethodsForwardTheSessionToIdentity() {
    http.get().uri("/v1/hosted-sessions/{id}", FakeBackends.SESSION_ID).header("Authorization", "Bearer " + pages())
        .header("Idnet-Session", SESSION).exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.id").isEqualTo(FakeBackends.SESSION_ID);
    assertThat(BACKENDS.sessionHeaders).contains(SESSION);
  }

  @Test
  void aSessionCountsUnderItsPlatformsRateLimitKey() {
    // The platform itself empties its otp-check bucket; its session's check is then refused too,
    // though idnet's pages' own client has never checked a code.
    http.post().uri("/v1/phone-verifications/pv-1/check").header("Authorization", "Bearer "
            + ISSUER.token(PLATFORM, List.of("platform")))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", "123456"))
        .exchange().expectStatus().isOk();
    http.post().uri("/v1/phone-verifications/pv-1/check").header("Authorization", "Bearer " + pages())
        .header("Idnet-Session", SESSION)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", "123456"))
        .exchange().expectStatus().isEqualTo(429);
  }

  @Test
  void garbageOpeningsEmptyTheirOwnBucketNotTheOpenSessionsSteps() {
    // The pages' client spends its openings on an unknown launch token (what anyone typing garbage
    // into launch addresses makes the web send); a session already open still reads and acts.
    String token = pages();
    http.post().uri("/v1/hosted-sessions/openings").header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("launchToken", "g".repeat(43)))
        .exchange().expectStatus().isNotFound();
    http.post().uri("/v1/hosted-sessions/openings").header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("launchToken", "h".repeat(43)))
        .exchange().expectStatus().isEqualTo(429);
    http.get().uri("/v1/hosted-sessions/{id}", FakeBackends.SESSION_ID).header("Authorization", "Bearer " + token)
        .header("Idnet-Session", SESSION).exchange().expectStatus().isOk();
    start(token, SESSION, "acc-in-session").expectStatus().is2xxSuccessful();
  }
}
