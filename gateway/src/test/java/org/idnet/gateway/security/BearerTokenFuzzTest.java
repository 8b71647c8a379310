package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.caller.Caller;
import org.idnet.caller.CallerMetadata;
import org.idnet.gateway.config.GatewayProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Fuzzes the edge's token path: the Authorization header through {@link BearerTokenConverter}, then
 * the gateway's own decoder ({@link SecurityConfiguration#verifyingDecoder}: signature against the
 * issuer's JWKS fetched by a real {@link CachingJwkSource} from a loopback server, algorithm
 * allow-list, iss, aud, exp, nbf, idnet's claim shapes) behind the {@link VerifiedTokenCache}.
 * A failure must be a {@link JwtException} (answered 401), never anything that would become a 500;
 * a success must be a token security.md allows, whose caller survives the trip to the services.
 */
class BearerTokenFuzzTest {

  static HttpServer issuer;
  static RSAKey key;
  static String issuerUri;
  static VerifiedTokenCache decoder;
  static String validToken;
  /** Every token string that ever verified in this JVM: the cache may serve nothing else. */
  static final Set<String> verified = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("fuzz-key").generate();
    issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuerUri = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/realms/idnet";
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    issuer.createContext("/realms/idnet/certs", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      exchange.getResponseBody().write(jwks);
      exchange.close();
    });
    issuer.start();
    GatewayProperties.Jwt settings = new GatewayProperties.Jwt(issuerUri, "idnet", Duration.ofSeconds(30),
        Duration.ofMinutes(5), issuerUri + "/certs", null);
    CachingJwkSource keys = new CachingJwkSource(WebClient.create(), issuerUri, settings.jwksUri(),
        Clock.systemUTC(), Duration.ofMinutes(1));
    decoder = new VerifiedTokenCache(SecurityConfiguration.verifyingDecoder(settings, keys), Clock.systemUTC(),
        1000, 100, "denied-client"::equals);
    keys.onNewKeys(decoder::retainKeys);
    validToken = sign(DEFAULT_HEADER.getBytes(StandardCharsets.UTF_8), ("{\"iss\":\"@iss\",\"aud\":[\"idnet\"],\"exp\":\"@exp\",\"iat\":\"@now\","
        + "\"azp\":\"platform-a\",\"preferred_username\":\"service-account-platform-a\","
        + "\"realm_access\":{\"roles\":[\"platform\"]}}").getBytes(StandardCharsets.UTF_8));
    assertThat(judge("Bearer " + validToken)).as("the fixture's own token").isNotNull();
  }

  @AfterAll
  static void stop() {
    issuer.stop(0);
  }

  static final String DEFAULT_HEADER = "{\"alg\":\"RS256\",\"kid\":\"fuzz-key\",\"typ\":\"JWT\"}";

  /**
   * Any header and payload, signed with the issuer's key (so only the claims decide): accepted only
   * in the shape security.md and ClaimsValidator state. The input is the JOSE header, NUL, the
   * payload (no NUL: the default header and the whole input as payload); in both, "@iss", "@now"
   * and "@exp" (with their quotes) stand for the issuer, now and five minutes from now.
   */
  @FuzzTest
  void signedClaimsAreAcceptedOnlyInIdnetsShape(byte[] input) throws Exception {
    int nul = indexOf(input, (byte) 0);
    byte[] header = nul < 0 ? DEFAULT_HEADER.getBytes(StandardCharsets.UTF_8) : java.util.Arrays.copyOf(input, nul);
    byte[] payload = nul < 0 ? input : java.util.Arrays.copyOfRange(input, nul + 1, input.length);
    Jwt jwt = judge("Bearer " + sign(header, payload));
    if (jwt == null) {
      return;
    }
    assertThat(jwt.getHeaders().get("alg")).isEqualTo("RS256");
    assertThat(jwt.getClaimAsString("iss")).isEqualTo(issuerUri);
    assertThat(jwt.getAudience()).contains("idnet");
    Instant now = Instant.now();
    assertThat(jwt.getExpiresAt()).isNotNull().isAfter(now.minusSeconds(31));
    if (jwt.getNotBefore() != null) {
      assertThat(jwt.getNotBefore()).isBefore(now.plusSeconds(31));
    }
    assertThat(jwt.getClaims().get("azp")).isInstanceOf(String.class);
    assertThat(TokenCaller.clientId(jwt)).isNotBlank().hasSizeLessThanOrEqualTo(255).isNotEqualTo("denied-client");
    Set<String> roles = TokenCaller.realmRoles(jwt);
    roles.forEach(role -> assertThat(role).matches("[a-z0-9:-]{1,64}").doesNotStartWith("internal:"));
    if (roles.stream().anyMatch(ClaimsValidator.AGENCY_ROLES::contains)) {
      assertThat(jwt.getClaims().get("agency_id")).isInstanceOf(String.class);
      assertThat(jwt.getClaims().get("preferred_username")).isInstanceOf(String.class);
    }
    Object name = jwt.getClaims().get("preferred_username");
    if (name != null) {
      assertThat(name).isInstanceOf(String.class);
      assertThat(((String) name).codePoints().noneMatch(Character::isISOControl)).isTrue();
    }
    // The caller stated to the services reads back as the same caller.
    Caller caller = TokenCaller.from(jwt);
    assertThat(CallerMetadata.decode(CallerMetadata.encode(caller))).isEqualTo(caller);
    assertThat(TokenCaller.rateLimitKey(jwt)).startsWith("client:");
  }

  /**
   * The Authorization header of a valid token, edited (change, insert or delete one character,
   * 3 bytes an edit: operation, position, value): it is anonymous (no Bearer scheme), refused, or
   * verifies only as the very token the issuer signed (the signing input unchanged and the
   * signature decoding to the same bytes: a re-encoded signature segment may verify).
   */
  @FuzzTest
  void alteredTokenNeverVerifiesAsAnotherToken(byte[] edits) {
    StringBuilder header = new StringBuilder("Bearer " + validToken);
    for (int i = 0; i + 3 <= edits.length && i < 3 * 16; i += 3) {
      int position = Byte.toUnsignedInt(edits[i + 1]) * 4 % (header.length() + 1);
      char value = (char) Byte.toUnsignedInt(edits[i + 2]);
      switch (Byte.toUnsignedInt(edits[i]) % 3) {
        case 0 -> {
          if (position < header.length()) {
            header.setCharAt(position, value);
          }
        }
        case 1 -> header.insert(position, value);
        default -> {
          if (position < header.length()) {
            header.deleteCharAt(position);
          }
        }
      }
    }
    Jwt jwt = judge(header.toString());
    if (jwt == null) {
      return;
    }
    String[] original = validToken.split("\\.");
    String[] token = jwt.getTokenValue().split("\\.", -1);
    assertThat(token).hasSize(3);
    assertThat(token[0] + "." + token[1]).isEqualTo(original[0] + "." + original[1]);
    assertThat(new Base64URL(token[2]).decode()).isEqualTo(new Base64URL(original[2]).decode());
  }

  /**
   * The gateway's verdict on an Authorization header: null when anonymous or refused (with an error
   * the security filters answer 401), else the verified token.
   */
  static Jwt judge(String authorization) {
    String token = BearerTokenConverter.bearerToken(authorization);
    if (token == null) {
      assertThat(authorization.regionMatches(true, 0, "Bearer ", 0, 7)
          || authorization.equalsIgnoreCase("Bearer")).isFalse();
      return null;
    }
    Jwt remembered = decoder.remembered(authorization);
    if (remembered != null) {
      assertThat(verified).contains(remembered.getTokenValue());
    }
    if (!BearerTokenConverter.isB64Token(token)) {
      return null; // the converter answers invalid_token: 401
    }
    Jwt jwt;
    try {
      jwt = decoder.decode(token).block(Duration.ofSeconds(5));
    } catch (JwtException refused) {
      return null;
    }
    assertThat(jwt).isNotNull();
    assertThat(jwt.getTokenValue()).isEqualTo(token);
    verified.add(token);
    return jwt;
  }

  /** base64url(header).base64url(payload).RS256 signature, whatever the header says. */
  static String sign(byte[] header, byte[] payload) throws Exception {
    String now = Long.toString(Instant.now().getEpochSecond());
    String claims = new String(payload, StandardCharsets.ISO_8859_1).replace("\"@iss\"", "\"" + issuerUri + "\"")
        .replace("\"@now\"", now).replace("\"@exp\"", Long.toString(Long.parseLong(now) + 300));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString(header) + "." + b64.encodeToString(claims.getBytes(StandardCharsets.ISO_8859_1));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key.toPrivateKey());
    rsa.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(rsa.sign());
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
