package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
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
 * Key rotation at the issuer, against a tiny issuer of the test's own over real HTTP (discovery
 * and JWKS, the keys changed at will): a key removed there stops verifying within the refresh
 * period, tokens already remembered included; a JWKS that fails to load keeps the last good keys.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class JwksRotationTest {

  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();
  static final HttpServer ISSUER_SERVER;
  static final String ISSUER;
  static final RSAKey K1;
  static final RSAKey K2;
  static volatile JWKSet published;
  static volatile boolean failing;

  static {
    try {
      K1 = new RSAKeyGenerator(2048).keyID("k1").generate();
      K2 = new RSAKeyGenerator(2048).keyID("k2").generate();
      published = new JWKSet(K1.toPublicJWK());
      ISSUER_SERVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      ISSUER = "http://127.0.0.1:" + ISSUER_SERVER.getAddress().getPort() + "/realms/idnet";
      ISSUER_SERVER.createContext("/realms/idnet/.well-known/openid-configuration",
          exchange -> json(exchange, "{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"" + ISSUER + "/jwks\"}"));
      ISSUER_SERVER.createContext("/realms/idnet/jwks", exchange -> {
        if (failing) {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        } else {
          json(exchange, published.toString());
        }
      });
      ISSUER_SERVER.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void json(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    registry.add("idnet.gateway.jwt.issuer-uri", () -> ISSUER);
    registry.add("idnet.gateway.jwt.jwks-refresh", () -> "1s");
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
    ISSUER_SERVER.stop(0);
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  io.micrometer.core.instrument.MeterRegistry meters;

  private static String token(RSAKey key, String client) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).audience("idnet").subject("uuid-" + client)
            .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
            .claim("azp", client).claim("preferred_username", "service-account-" + client)
            .claim("realm_access", Map.of("roles", List.of("platform"))).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private int status(String token) {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
        .get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
        .returnResult(String.class).getStatus().value();
  }

  private double hotPathServed() {
    return meters.get("idnet.gateway.hot.path").counter().count();
  }

  @Test
  void aKeyRemovedAtTheIssuerStopsVerifyingRememberedTokensTooAndAFailedFetchKeepsTheKeys() throws Exception {
    String old = token(K1, "platform-rotated");
    assertThat(status(old)).isEqualTo(200);
    double before = hotPathServed();
    assertThat(status(old)).isEqualTo(200);
    assertThat(hotPathServed()).as("remembered: served by the hot path").isEqualTo(before + 1);

    published = new JWKSet(List.of(K2.toPublicJWK()));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status(old) == 401);
    String current = token(K2, "platform-rotated");
    assertThat(status(current)).isEqualTo(200);

    failing = true;
    try {
      Thread.sleep(2_500); // at least two scheduled refreshes fail
      assertThat(status(current)).isEqualTo(200);
      assertThat(status(token(K2, "platform-fresh"))).as("a token never seen, verified with the kept keys").isEqualTo(200);
      assertThat(status(old)).isEqualTo(401);
    } finally {
      failing = false;
    }
  }
}
