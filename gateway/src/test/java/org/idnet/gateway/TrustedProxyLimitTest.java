package org.idnet.gateway;

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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Behind an edge proxy: this test's socket (127.0.0.1) is the trusted proxy
 * ({@code idnet.gateway.trusted-proxies}), so the per-address limit on unverified tokens counts the
 * client named by X-Forwarded-For, read from the right; what a client writes to its left is not
 * believed. (From an untrusted peer the header is ignored: {@link UnverifiedTokenLimitTest}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TrustedProxyLimitTest {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS, false);
    registry.add("idnet.gateway.unverified-token-limit.replenish-rate", () -> "0.001");
    registry.add("idnet.gateway.unverified-token-limit.burst-capacity", () -> "3");
    registry.add("idnet.gateway.trusted-proxies", () -> "127.0.0.1/32,10.0.0.0/8");
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

  private WebTestClient.ResponseSpec call(int token, String forwardedFor) throws Exception {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
        .get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + bogus(token))
        .header("X-Forwarded-For", forwardedFor).exchange();
  }

  @Test
  void theClientNamedByATrustedProxyIsCountedNotTheProxyNorWhatTheClientWrote() throws Exception {
    // 198.51.100.9 -> a second proxy in 10/8 -> this socket: the client is 198.51.100.9.
    for (int i = 0; i < 3; i++) {
      call(i, "198.51.100.9, 10.1.2.3").expectStatus().isUnauthorized();
    }
    call(3, "198.51.100.9, 10.1.2.3").expectStatus().isEqualTo(429);
    // The client writes an address of its own choosing: its proxy appends the real one to the right.
    call(4, "203.0.113.50, 198.51.100.9").expectStatus().isEqualTo(429);
    // Another client behind the same proxy has a bucket of its own.
    call(5, "198.51.100.10").expectStatus().isUnauthorized();
  }
}
