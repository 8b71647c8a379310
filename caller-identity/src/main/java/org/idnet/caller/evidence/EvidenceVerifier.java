package org.idnet.caller.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an official's access token as evidence: the signature against the issuer's keys
 * (RS256 or ES256 only: never {@code none}, never an HMAC), the issuer, the audience, and, where
 * the token is checked as it arrives, its lifetime. Then reads idnet's claim layout from it, as the
 * gateway does: {@code azp}, {@code preferred_username}, {@code agency_id}, realm roles, and how
 * the person logged in ({@code auth_time}, {@code amr}).
 */
public final class EvidenceVerifier {

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  private static final String SERVICE_ACCOUNT_PREFIX = Evidence.SERVICE_ACCOUNT_PREFIX;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final Duration skew;

  public EvidenceVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, Clock clock,
      Duration skew) {
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    // The claims are checked below, where "not expired" is a choice of the caller.
    processor.setJWTClaimsSetVerifier((claims, context) -> { });
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
    this.skew = skew;
  }

  public EvidenceVerifier(IssuerKeys keys, String audience, Clock clock, Duration skew) {
    this(keys, keys.issuer(), audience, clock, skew);
  }

  /**
   * @param checkLifetime whether the token must be valid now ({@code exp}, {@code nbf}); false
   *     where evidence is checked after the fact (a release after the tokens expired)
   * @throws InvalidEvidenceException naming the check that failed
   */
  public Evidence verify(String token, boolean checkLifetime) {
    if (token == null || token.isBlank()) {
      throw new InvalidEvidenceException("missing", "no access token was given as evidence");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new InvalidEvidenceException("malformed", "the evidence is not a signed JWT");
    } catch (KeySourceException e) {
      throw new InvalidEvidenceException("keys-unavailable", "the issuer's keys could not be fetched");
    } catch (BadJOSEException | JOSEException e) {
      throw new InvalidEvidenceException("signature", "the evidence does not verify with the issuer's keys");
    }
    if (!issuer.equals(claims.getIssuer())) {
      throw new InvalidEvidenceException("issuer", "the evidence comes from another issuer");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
      throw new InvalidEvidenceException("audience", "the evidence is not meant for " + audience);
    }
    Instant issuedAt = instant(claims.getIssueTime());
    Instant expiresAt = instant(claims.getExpirationTime());
    if (issuedAt == null || expiresAt == null) {
      throw new InvalidEvidenceException("malformed", "the evidence has no iat or exp");
    }
    if (checkLifetime) {
      Instant now = clock.instant();
      Instant notBefore = instant(claims.getNotBeforeTime());
      if (!now.isBefore(expiresAt.plus(skew))) {
        throw new InvalidEvidenceException("expired", "the evidence has expired");
      }
      if (issuedAt.isAfter(now.plus(skew)) || notBefore != null && notBefore.isAfter(now.plus(skew))) {
        throw new InvalidEvidenceException("not-yet-valid", "the evidence is not valid yet");
      }
    }
    String clientId = string(claims, "azp");
    if (clientId.isBlank()) {
      throw new InvalidEvidenceException("malformed", "the evidence names no client (azp)");
    }
    String official = string(claims, "preferred_username");
    return new Evidence(token, official.isBlank() ? SERVICE_ACCOUNT_PREFIX + clientId : official, clientId,
        string(claims, "agency_id"), realmRoles(claims), issuedAt, expiresAt, authTime(claims), strings(claims, "amr"),
        !official.isBlank());
  }

  /** {@code auth_time} in seconds since the epoch (OIDC Core); anything else counts as absent. */
  private static Instant authTime(JWTClaimsSet claims) {
    return claims.getClaim("auth_time") instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue()) : null;
  }

  private static Set<String> strings(JWTClaimsSet claims, String name) {
    Set<String> values = new LinkedHashSet<>();
    if (claims.getClaim(name) instanceof Collection<?> list) {
      for (Object value : list) {
        if (value instanceof String s) {
          values.add(s);
        }
      }
    }
    return values;
  }

  private static String string(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String value ? value : "";
  }

  private static Set<String> realmRoles(JWTClaimsSet claims) {
    Set<String> roles = new LinkedHashSet<>();
    if (claims.getClaim("realm_access") instanceof Map<?, ?> access && access.get("roles") instanceof Collection<?> list) {
      for (Object role : list) {
        if (role instanceof String s && !s.startsWith("internal:")) {
          roles.add(s);
        }
      }
    }
    return roles;
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
