package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/** Against a real HTTP issuer that counts the JWKS fetches. */
class CachingJwkSourceTest {

  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger discoveries = new AtomicInteger();
  private HttpServer server;
  private String issuer;
  private RSAKey key;
  private volatile JWKSet published;
  private volatile boolean failing;
  private volatile String discoveredJwks;
  private MutableClock clock;

  @BeforeEach
  void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    published = new JWKSet(key.toPublicJWK());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/idnet";
    server.createContext("/realms/idnet/.well-known/openid-configuration", exchange -> {
      discoveries.incrementAndGet();
      String jwks = discoveredJwks != null ? discoveredJwks : issuer + "/jwks";
      byte[] body = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwks + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.createContext("/realms/idnet/jwks", exchange -> {
      jwksFetches.incrementAndGet();
      if (failing) {
        exchange.sendResponseHeaders(500, -1);
        exchange.close();
        return;
      }
      byte[] body = published.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void knownKeysAreServedFromTheCacheWithoutCallingTheIssuer() throws Exception {
    CachingJwkSource source = new CachingJwkSource(WebClient.create(), issuer, clock, Duration.ofMinutes(1));
    for (int i = 0; i < 100; i++) {
      assertThat(source.apply(token("k1")).collectList().block()).extracting(k -> k.getKeyID()).containsExactly("k1");
    }
    assertThat(jwksFetches).hasValue(1);
  }

  /** Found in review: the gateway applied no https rule to its issuer or to the discovered jwks_uri. */
  @Test
  void aPlainHttpIssuerElsewhereIsRefusedAndADiscoveredPlainHttpJwksElsewhereIsNeverFetched() throws Exception {
    assertThatThrownBy(() -> new CachingJwkSource(WebClient.create(), "http://keycloak.example/realms/idnet", clock,
        Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("idnet.gateway.jwt.issuer-uri must be an https:// URL");
    // This machine's name resolves to a loopback address here, where the JWKS is served: only the
    // rule keeps it out (the name is not one plain http may go to).
    String host = java.net.InetAddress.getLocalHost().getHostName();
    org.junit.jupiter.api.Assumptions.assumeFalse(host.equalsIgnoreCase("localhost"), "the host name is localhost");
    discoveredJwks = "http://" + host + ":" + server.getAddress().getPort() + "/realms/idnet/jwks";
    CachingJwkSource source = new CachingJwkSource(WebClient.create(), issuer, clock, Duration.ofMinutes(1));

    assertThatThrownBy(() -> source.apply(token("k1")).collectList().block())
        .isInstanceOf(KeysUnavailableException.class);
    assertThat(jwksFetches).hasValue(0);
  }

  /** Kubernetes: the JWKS at an in-cluster address, the issuer still the public name in iss. */
  @Test
  void aConfiguredJwksUriIsFetchedWithoutDiscoveryAndHeldToTheHttpsRule() throws Exception {
    server.createContext("/in-cluster/certs", exchange -> {
      byte[] body = published.toString().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    String jwks = "http://127.0.0.1:" + server.getAddress().getPort() + "/in-cluster/certs";
    CachingJwkSource source = new CachingJwkSource(WebClient.create(), issuer, jwks, clock, Duration.ofMinutes(1));

    assertThat(source.apply(token("k1")).collectList().block()).extracting(k -> k.getKeyID()).containsExactly("k1");
    assertThat(discoveries).hasValue(0);
    assertThat(jwksFetches).hasValue(0);
    assertThatThrownBy(() -> new CachingJwkSource(WebClient.create(), issuer, "http://keycloak-service:8080/certs",
        clock, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("idnet.gateway.jwt.jwks-uri must be an https:// URL");
  }

  @Test
  void unknownKeyIdsRefetchAtMostOncePerMinute() throws Exception {
    CachingJwkSource source = new CachingJwkSource(WebClient.create(), issuer, clock, Duration.ofMinutes(1));
    source.apply(token("k1")).collectList().block();
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < 50; i++) {
      assertThat(source.apply(token("made-up-" + i)).collectList().block()).isEmpty();
    }
    assertThat(jwksFetches).hasValue(2);
    clock.advance(Duration.ofSeconds(61));
    source.apply(token("another")).collectList().block();
    assertThat(jwksFetches).hasValue(3);
  }

  @Test
  void aFailedRefetchKeepsTheLastGoodKeys() throws Exception {
    CachingJwkSource source = new CachingJwkSource(WebClient.create(), issuer, clock, Duration.ofMinutes(1));
    source.apply(token("k1")).collectList().block();
    failing = true;
    clock.advance(Duration.ofMinutes(2));
    assertThat(source.apply(token("unknown")).collectList().block()).isEmpty();
    assertThat(jwksFetches).as("the refetch was tried").hasValue(2);
    source.fetch(true).block();
    assertThat(jwksFetches).hasValue(3);
    assertThat(source.apply(token("k1")).collectList().block()).extracting(k -> k.getKeyID()).containsExactly("k1");
  }

  @Test
  void whileTheIssuerIsDownItIsAskedAtMostOnceAMinuteWhateverTheKeyIds() throws Exception {
    failing = true;
    CachingJwkSource source = new CachingJwkSource(WebClient.create(), issuer, clock, Duration.ofMinutes(1));
    for (int i = 0; i < 30; i++) {
      String kid = i % 2 == 0 ? "k1" : "made-up-" + i;
      assertThatThrownBy(() -> source.apply(token(kid)).collectList().block())
          .isInstanceOf(KeysUnavailableException.class);
    }
    assertThat(jwksFetches).hasValue(1);
    failing = false;
    clock.advance(Duration.ofSeconds(61));
    assertThat(source.apply(token("k1")).collectList().block()).hasSize(1);
    assertThat(jwksFetches).hasValue(2);
  }

  @Test
  void theScheduledRefreshDropsAKeyTheIssuerRemovedAndTellsTheListeners() throws Exception {
    CachingJwkSource source = new CachingJwkSource(WebClient.create(), issuer, clock, Duration.ofMinutes(1));
    java.util.List<java.util.Set<String>> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    source.onNewKeys(heard::add);
    var refresh = source.refreshEvery(Duration.ofMillis(200), reactor.core.scheduler.Schedulers.parallel());
    try {
      assertThat(source.apply(token("k1")).collectList().block()).hasSize(1);
      RSAKey next = new RSAKeyGenerator(2048).keyID("k2").generate();
      published = new JWKSet(next.toPublicJWK());
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(java.util.Set.of("k2")));
      assertThat(source.apply(token("k1")).collectList().block()).as("k1 is gone").isEmpty();
      assertThat(heard).startsWith(java.util.Set.of("k1"));
    } finally {
      refresh.dispose();
    }
  }

  private SignedJWT token(String kid) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
        new JWTClaimsSet.Builder().issuer(issuer).subject("s").build());
    jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
    return jwt;
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
