package org.idnet.identity.config;

import java.net.URI;
import java.time.Duration;
import org.idnet.caller.evidence.IssuerUrls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the officials' tokens in disclosure grants are checked, under {@code idnet.evidence}.
 *
 * @param issuerUri the OIDC issuer, exactly as tokens name it ({@code iss}): the gateway's
 *     {@code idnet.gateway.jwt.issuer-uri}; https (plain http only to this machine). Unset: every
 *     ReleaseIdentity is refused (filer-evidence), the service still runs.
 * @param jwksUri the issuer's JWKS (https likewise); default: found by OIDC discovery from {@code issuerUri}
 * @param audience the {@code aud} every token must carry (default {@code idnet})
 * @param clockSkew tolerance on the tokens' times against the request's (default 30 s)
 * @param maxTokenLifetime the issuer's access-token lifespan, at least (default 5 min, Keycloak's
 *     realm setting): a token living longer is no evidence, and a filing officer's token may be
 *     this old when the request was filed
 * @param maxRequestLife the longest a request may live from filing to deadline (default 72 h:
 *     disclosure-service's {@code idnet.disclosure.deadlines.standard}, its longest deadline; never
 *     less than it)
 * @param releaseHorizon how long after the approval (and after the deadline) a release may still
 *     come (default 24 h): disclosure-service retries a release while identity-service is down,
 *     and this bounds how long an unspent approval is worth anything to whoever holds it
 * @param refreshEvery how often the issuer's JWKS is fetched and archived, whether or not a
 *     release needs it (default 5 min, at least 1 min), so every key it publishes is archived;
 *     a token issued later than this (plus the skew) after its key was last seen published is
 *     no evidence
 * @param trustFile a PEM bundle of the CAs that may sign the issuer's HTTPS certificate (read again
 *     at every fetch of its keys); unset: the JVM's trust store
 */
@ConfigurationProperties("idnet.evidence")
public record EvidenceProperties(String issuerUri, URI jwksUri, @DefaultValue("idnet") String audience,
    @DefaultValue("30s") Duration clockSkew, @DefaultValue("5m") Duration maxTokenLifetime,
    @DefaultValue("72h") Duration maxRequestLife, @DefaultValue("24h") Duration releaseHorizon,
    @DefaultValue("5m") Duration refreshEvery, java.nio.file.Path trustFile) {

  /** The floor on refetches of the issuer's keys, scheduled or for unknown key ids. */
  public static final Duration MIN_REFETCH = Duration.ofMinutes(1);

  public EvidenceProperties {
    if (issuerUri != null && !issuerUri.isBlank()) {
      IssuerUrls.require("idnet.evidence.issuer-uri", issuerUri);
    }
    if (jwksUri != null) {
      IssuerUrls.require("idnet.evidence.jwks-uri", jwksUri.toString());
    }
    positive("idnet.evidence.max-request-life", maxRequestLife);
    positive("idnet.evidence.release-horizon", releaseHorizon);
    if (refreshEvery == null || refreshEvery.compareTo(MIN_REFETCH) < 0) {
      throw new IllegalArgumentException("idnet.evidence.refresh-every must be at least " + MIN_REFETCH.toMinutes()
          + " minute (the floor on fetches of the issuer's keys), not " + refreshEvery);
    }
  }

  public boolean configured() {
    return issuerUri != null && !issuerUri.isBlank();
  }

  /**
   * How long an archived issuer key is kept after it was last seen published: long enough for the
   * oldest token any release may still accept (a filer's token may be one token lifetime older
   * than the filing, the request lives at most {@code maxRequestLife}, the release comes at most
   * {@code releaseHorizon} after the deadline), whose key was last seen at most
   * {@code refreshEvery} before it was issued, with the skew on both ends.
   */
  public Duration keyRetention() {
    return maxRequestLife.plus(releaseHorizon).plus(maxTokenLifetime).plus(refreshEvery)
        .plus(clockSkew.multipliedBy(2));
  }

  private static void positive(String property, Duration value) {
    if (value == null || !value.isPositive()) {
      throw new IllegalArgumentException(property + " must be positive, not " + value);
    }
  }
}
