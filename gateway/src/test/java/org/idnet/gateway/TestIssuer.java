package org.idnet.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * The OIDC issuer of the gateway tests: a real mock-oauth2-server (discovery and JWKS over HTTP)
 * whose signing key the tests can also use directly, to craft tokens the issuer would sign but
 * with claims or headers a normal issuer would never put there. One per test JVM: no test stops
 * or changes it, so sharing it makes no test depend on another.
 */
public final class TestIssuer {

  public static final String ISSUER_ID = "realms/idnet";
  public static final String AUDIENCE = "idnet";

  private static TestIssuer shared;

  private final KeyProvider keys = new KeyProvider();
  private final MockOAuth2Server server =
      new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));

  private TestIssuer() {
    server.start();
  }

  public static synchronized TestIssuer shared() {
    if (shared == null) {
      shared = new TestIssuer();
      TestIssuer started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started.server::shutdown, "stop-test-issuer"));
    }
    return shared;
  }

  public String issuer() {
    return issuer(ISSUER_ID);
  }

  public String issuer(String issuerId) {
    return server.issuerUrl(issuerId).toString();
  }

  public String jwksUrl() {
    return server.jwksUrl(ISSUER_ID).toString();
  }

  /** A service account's token, as Keycloak issues it: {@code preferred_username: service-account-<client>}. */
  public String token(String clientId, List<String> roles) {
    return token(clientId, roles, Map.of());
  }

  public String token(String clientId, List<String> roles, Map<String, Object> extra) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("preferred_username", "service-account-" + clientId);
    claims.putAll(extra);
    return issue(ISSUER_ID, clientId, List.of(AUDIENCE), roles, claims);
  }

  /** A person's token (an official of an agency) through the agency's client {@code clientId}. */
  public String personToken(String clientId, String username, List<String> roles, String agencyId) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("preferred_username", username);
    if (agencyId != null) {
      claims.put("agency_id", agencyId);
    }
    return issue(ISSUER_ID, clientId, List.of(AUDIENCE), roles, claims);
  }

  /** A token of the issuer id {@code issuerId} (another realm signs with its own key). */
  public String issue(String issuerId, String clientId, List<String> audience, List<String> roles,
      Map<String, Object> extra) {
    Map<String, Object> claims = new HashMap<>(extra);
    claims.putIfAbsent("azp", clientId);
    claims.putIfAbsent("realm_access", Map.of("roles", roles));
    claims.putIfAbsent("preferred_username", "service-account-" + clientId);
    return server.issueToken(issuerId, clientId, new DefaultOAuth2TokenCallback(issuerId, "0f1d6c1e-" + clientId,
        "JWT", audience, claims, 300)).serialize();
  }

  /** The issuer's own signing key (with its private part): what only the issuer holds. */
  public RSAKey signingKey() {
    return (RSAKey) keys.signingKey(ISSUER_ID);
  }

  /** Claims a valid service-account token of {@code clientId} would carry, to be altered by a test. */
  public JWTClaimsSet.Builder validClaims(String clientId, List<String> roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(AUDIENCE)
        .subject("0f1d6c1e-" + clientId)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("azp", clientId)
        .claim("preferred_username", "service-account-" + clientId)
        .claim("realm_access", Map.of("roles", roles));
  }

  /** Signs claims with the issuer's key, as the issuer would (RS256, its kid). */
  public String sign(JWTClaimsSet claims) {
    return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey().getKeyID()).build(), claims);
  }

  /** Signs claims with the issuer's key under a header of the test's choosing. */
  public String sign(JWSHeader header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(new RSASSASigner(signingKey()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
