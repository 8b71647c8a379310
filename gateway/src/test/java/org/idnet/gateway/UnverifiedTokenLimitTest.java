package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
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
 * The per-address limit in front of token verification: 5 tokens not verified yet, then one in
 * a thousand seconds (so no refill can happen during the test). Tokens already verified are
 * never counted; the limit applies before the signature is checked, to good tokens too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class UnverifiedTokenLimitTest {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS, false);
    registry.add("idnet.gateway.unverified-token-limit.replenish-rate", () -> "0.001");
    registry.add("idnet.gateway.unverified-token-limit.burst-capacity", () -> "5");
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;

  private static String bogus(int i) throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bogus-" + i).generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        TestIssuer.shared().validClaims("platform-flooder", List.of("platform")).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void newTokensPerAddressAreLimitedBeforeVerificationVerifiedOnesNever() throws Exception {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    String verified = TestIssuer.shared().token("platform-steady", List.of("platform"));
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + verified).exchange()
        .expectStatus().isOk(); // 1 of 5
    for (int i = 0; i < 4; i++) { // 2..5 of 5
      http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + bogus(i)).exchange()
          .expectStatus().isUnauthorized();
    }
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + bogus(5)).exchange()
        .expectStatus().isEqualTo(429)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isGreaterThan(60))
        .expectBody().jsonPath("$.code").isEqualTo("rate-limited");
    // No trusted proxies (the default): a forwarded address from the socket's peer is not believed.
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + bogus(6))
        .header("X-Forwarded-For", "192.0.2.77").exchange()
        .expectStatus().isEqualTo(429);
    String good = TestIssuer.shared().token("platform-newcomer", List.of("platform"));
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + good).exchange()
        .expectStatus().isEqualTo(429);
    assertThat(BACKENDS.callersOf("platform-newcomer")).as("never verified, never served").isEmpty();
    for (int i = 0; i < 10; i++) {
      http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + verified).exchange()
          .expectStatus().isOk(); // the hot path
      http.get().uri("/v1/phone-verifications/pv-1").header("Authorization", "Bearer " + verified).exchange()
          .expectStatus().isOk(); // the general path, with a token verified before
    }
    http.get().uri("/v1/accounts/acc-1/verification").exchange().expectStatus().isUnauthorized();
  }
}
