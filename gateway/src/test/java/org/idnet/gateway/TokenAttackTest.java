package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Tokens crafted to get past the edge: each is a 401 problem (never a 500), no call reaches a
 * backend, and no URL a token names is ever fetched. Each attack is the one change from a token
 * that passes, and that token is shown to pass, so the suite cannot pass for a wrong reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TokenAttackTest {

  static final TestIssuer ISSUER = TestIssuer.shared();
  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();
  /** The attacker's own server: counts every request a token's jku or x5u could cause. */
  static final AtomicInteger ATTACKER_HITS = new AtomicInteger();
  static final HttpServer ATTACKER;
  static final RSAKey ATTACKER_KEY;

  static {
    try {
      ATTACKER_KEY = new RSAKeyGenerator(2048).keyID("attacker-1").generate();
      ATTACKER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      ATTACKER.createContext("/", exchange -> {
        ATTACKER_HITS.incrementAndGet();
        byte[] body = new JWKSet(ATTACKER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      ATTACKER.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
    ATTACKER.stop(0);
  }

  @Value("${local.server.port}")
  int port;
  WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  static final String CLIENT = "platform-attacked";

  private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
    return claims(CLIENT, change);
  }

  private static JWTClaimsSet claims(String client, UnaryOperator<JWTClaimsSet.Builder> change) {
    return change.apply(ISSUER.validClaims(client, List.of("platform"))).build();
  }

  private static JWSHeader.Builder issuerHeader() {
    return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ISSUER.signingKey().getKeyID());
  }

  private static String signedBy(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hs256(byte[] secret, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ISSUER.signingKey().getKeyID()).build(),
          claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private int status(String token) {
    return http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + token).exchange()
        .returnResult(String.class).getStatus().value();
  }

  @Test
  void theCraftingItselfMakesTokensThatPass() {
    assertThat(status(ISSUER.sign(claims("platform-crafted", c -> c)))).isEqualTo(200);
    assertThat(status(ISSUER.sign(claims("platform-crafted", c -> c.claim("preferred_username", "nguyen.van.a")
        .claim("realm_access", Map.of("roles", List.of("platform", "default-roles-idnet"))))))).isEqualTo(200);
    assertThat(BACKENDS.callersOf("platform-crafted")).extracting(c -> c.subject())
        .containsExactly("service-account-platform-crafted", "nguyen.van.a");
  }

  @Test
  void everyCraftedTokenIs401ProblemAndReachesNoBackend() throws Exception {
    Instant now = Instant.now();
    RSAKey issuerKey = ISSUER.signingKey();
    String valid = ISSUER.sign(claims(c -> c));
    String[] parts = valid.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    byte[] publicDer = issuerKey.toRSAPublicKey().getEncoded();
    String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicDer)
        + "\n-----END PUBLIC KEY-----\n";
    String jwks = new JWKSet(issuerKey.toPublicJWK()).toString();
    URI attacker = URI.create("http://127.0.0.1:" + ATTACKER.getAddress().getPort() + "/jwks");

    Map<String, String> attacks = new LinkedHashMap<>();
    attacks.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
    attacks.put("alg None", b64("{\"alg\":\"None\"}") + "." + parts[1] + ".");
    attacks.put("HS256 with the public key (DER)", hs256(publicDer, claims(c -> c)));
    attacks.put("HS256 with the public key (PEM)", hs256(publicPem.getBytes(StandardCharsets.US_ASCII), claims(c -> c)));
    attacks.put("HS256 with the public JWKS text", hs256(jwks.getBytes(StandardCharsets.UTF_8), claims(c -> c)));
    attacks.put("tampered payload", parts[0] + "." + b64(payload.replace("\"platform\"", "\"carrier\"")
        .replace(CLIENT, "platform-b")) + "." + parts[2]);
    attacks.put("signature of another token", parts[0] + "." + parts[1] + "."
        + ISSUER.sign(claims(c -> c.subject("other"))).split("\\.")[2]);
    attacks.put("stripped signature", parts[0] + "." + parts[1] + ".");
    attacks.put("unknown kid", signedBy(ATTACKER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker-1").build(),
        claims(c -> c)));
    attacks.put("issuer's kid, attacker's key", signedBy(ATTACKER_KEY, issuerHeader().build(), claims(c -> c)));
    attacks.put("jku to the attacker's JWKS", signedBy(ATTACKER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256)
        .keyID("attacker-1").jwkURL(attacker).build(), claims(c -> c)));
    attacks.put("x5u to the attacker", signedBy(ATTACKER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256)
        .keyID("attacker-1").x509CertURL(attacker).build(), claims(c -> c)));
    attacks.put("jwk header with the attacker's key", signedBy(ATTACKER_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256)
        .keyID("attacker-1").jwk(ATTACKER_KEY.toPublicJWK()).build(), claims(c -> c)));
    attacks.put("jwk header, issuer's kid", signedBy(ATTACKER_KEY, issuerHeader()
        .jwk(new RSAKey.Builder(ATTACKER_KEY.toRSAPublicKey()).keyID(issuerKey.getKeyID()).build()).build(), claims(c -> c)));
    attacks.put("wrong iss", ISSUER.sign(claims(c -> c.issuer(ISSUER.issuer("realms/other")))));
    attacks.put("wrong aud", ISSUER.sign(claims(c -> c.audience("someone-else"))));
    attacks.put("no aud", ISSUER.sign(claims(c -> c.audience((String) null))));
    attacks.put("another realm", ISSUER.issue("realms/other", CLIENT, List.of(TestIssuer.AUDIENCE), List.of("platform"), Map.of()));
    attacks.put("no exp", ISSUER.sign(claims(c -> c.expirationTime(null))));
    attacks.put("exp in the past", ISSUER.sign(claims(c -> c.issueTime(Date.from(now.minusSeconds(600)))
        .notBeforeTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(120))))));
    attacks.put("nbf in the future", ISSUER.sign(claims(c -> c.notBeforeTime(Date.from(now.plusSeconds(120))))));
    attacks.put("no azp", ISSUER.sign(claims(c -> c.claim("azp", null).claim("client_id", CLIENT))));
    attacks.put("azp a list", ISSUER.sign(claims(c -> c.claim("azp", List.of(CLIENT)))));
    attacks.put("a role with a comma", ISSUER.sign(claims(c -> c.claim("realm_access",
        Map.of("roles", List.of("carrier,platform"))))));
    attacks.put("a role outside [a-z0-9:-]", ISSUER.sign(claims(c -> c.claim("realm_access",
        Map.of("roles", List.of("platform", "Platform "))))));
    attacks.put("roles not a list", ISSUER.sign(claims(c -> c.claim("realm_access", Map.of("roles", "platform")))));
    attacks.put("agency_id a list", ISSUER.sign(claims(c -> c.claim("agency_id", List.of("agency-1", "agency-2")))));
    attacks.put("agency_id a number", ISSUER.sign(claims(c -> c.claim("agency_id", 7))));
    attacks.put("agency staff without a name", ISSUER.sign(claims(c -> c.claim("preferred_username", null)
        .claim("agency_id", "agency-1").claim("realm_access", Map.of("roles", List.of("platform", "agency-officer"))))));
    attacks.put("a name that is not a string", ISSUER.sign(claims(c -> c.claim("preferred_username", Map.of("x", 1)))));
    attacks.put("not a JWT", "not-a-jwt");
    attacks.put("three dots of nothing", "a.b.c");
    attacks.put("a JSON header that is not JSON", b64("{alg") + "." + parts[1] + "." + parts[2]);

    attacks.forEach((name, token) -> http.get().uri("/v1/accounts/acc-1/verification")
        .header("Authorization", "Bearer " + token).exchange()
        .expectStatus().value(status -> assertThat(status).as(name).isEqualTo(401))
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("unauthenticated"));
    assertThat(BACKENDS.callersOf(CLIENT)).isEmpty();
    assertThat(BACKENDS.callersOf("platform-b")).isEmpty();
    assertThat(ATTACKER_HITS).as("no URL a token names is ever fetched").hasValue(0);
  }
}
