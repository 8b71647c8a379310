package org.idnet.caller.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.idnet.caller.Caller;

/**
 * A real OIDC issuer for tests: RSA keys, a discovery document and a JWKS served over HTTP on a
 * free loopback port, and signed access tokens in Keycloak's claim layout (the sandbox's issuers
 * use the same one). {@link #rotate()} replaces the published key, as an issuer rotating keys does.
 */
public final class TestIssuer implements AutoCloseable {

  public static final String AUDIENCE = "idnet";

  private final HttpServer server;
  private final String issuer;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private volatile RSAKey key = newKey();
  private volatile RSAKey retired;
  private volatile String discoveredJwksUri;
  private volatile boolean unavailable;

  private TestIssuer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/idnet";
    server.createContext("/realms/idnet/.well-known/openid-configuration", exchange -> {
      if (unavailable) {
        unavailable(exchange);
        return;
      }
      reply(exchange, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + (discoveredJwksUri != null
          ? discoveredJwksUri : issuer + "/protocol/openid-connect/certs") + "\"}");
    });
    server.createContext("/realms/idnet/protocol/openid-connect/certs", exchange -> {
      if (unavailable) {
        unavailable(exchange);
        return;
      }
      jwksFetches.incrementAndGet();
      reply(exchange, new JWKSet(key.toPublicJWK()).toString());
    });
    server.start();
  }

  public static TestIssuer start() {
    try {
      return new TestIssuer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String issuer() {
    return issuer;
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** A new signing key, published instead of the old one. */
  public void rotate() {
    retired = key;
    key = newKey();
  }

  /** While true, discovery and the JWKS answer 503, as an issuer that is down (its keys unchanged). */
  public void unavailable(boolean down) {
    unavailable = down;
  }

  /** The discovery document names this JWKS from now on (a hostile or misconfigured issuer). */
  public void discoverJwksAt(String uri) {
    discoveredJwksUri = uri;
  }

  /**
   * A token signed with the key the last {@link #rotate()} retired: what whoever leaked that key
   * could still sign, back-dated or not.
   */
  public String tokenWithRetiredKey(Caller caller, Consumer<JWTClaimsSet.Builder> change) {
    RSAKey old = retired;
    if (old == null) {
      throw new IllegalStateException("no key was retired yet");
    }
    try {
      return sign(SignedJWT.parse(token(caller, change)).getJWTClaimsSet(), old);
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid token (5 minutes) for the official a caller names, as the gateway would have verified it. */
  public String tokenFor(Caller caller) {
    return token(caller, claims -> { });
  }

  /** A token for the caller, with claims changed by {@code change} (issuer, audience, times, names). */
  public String token(Caller caller, Consumer<JWTClaimsSet.Builder> change) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(List.of(AUDIENCE, "account"))
        .subject(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .jwtID(UUID.randomUUID().toString())
        .claim("azp", caller.clientId())
        .claim("preferred_username", caller.subject())
        .claim("realm_access", Map.of("roles", List.copyOf(caller.roles())));
    if (!caller.agencyId().isEmpty()) {
      claims.claim("agency_id", caller.agencyId());
    }
    change.accept(claims);
    return sign(claims.build(), key);
  }

  /** The same claims signed with a key the issuer never published: a forgery. */
  public String forged(Caller caller) {
    String genuine = tokenFor(caller);
    try {
      return sign(SignedJWT.parse(genuine).getJWTClaimsSet(), new RSAKey.Builder(newKey()).keyID(key.getKeyID()).build());
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signed with an unpublished key under a key id the issuer never used. */
  public String forgedWithUnknownKeyId(Caller caller) {
    try {
      return sign(SignedJWT.parse(tokenFor(caller)).getJWTClaimsSet(), newKey());
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An official with these roles in an agency, named as Keycloak names a person. */
  public static Caller official(String name, String agencyId, String... roles) {
    return new Caller(name, "agency-portal", agencyId, Set.of(roles));
  }

  private static String sign(JWTClaimsSet claims, RSAKey key) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
          .type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unavailable(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(503, -1);
    exchange.close();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
