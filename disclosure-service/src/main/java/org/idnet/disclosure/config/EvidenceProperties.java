package org.idnet.disclosure.config;

import java.net.URI;
import java.time.Duration;
import org.idnet.caller.evidence.IssuerUrls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How officials' own access tokens are checked as evidence, under {@code idnet.evidence}.
 *
 * @param issuerUri the OIDC issuer, exactly as tokens name it ({@code iss}); the same as the
 *     gateway's {@code idnet.gateway.jwt.issuer-uri}. Required, no default; https (plain http only
 *     to this machine: whoever answers decides which keys sign evidence).
 * @param jwksUri the issuer's JWKS (https likewise); default: found by OIDC discovery from {@code issuerUri}
 * @param audience the {@code aud} every token must carry (default {@code idnet})
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat} (default 30 s)
 * @param releaseHorizon how long after its approval a request's release is tried (default 24 h):
 *     identity-service's {@code idnet.evidence.release-horizon}, set to the same value, since it
 *     refuses every release later than that after the approving token; not released by then, the
 *     request ends RELEASE_REFUSED (reason {@code horizon})
 * @param trustFile a PEM bundle of the CAs that may sign the issuer's HTTPS certificate (read again
 *     at every fetch of its keys); unset: the JVM's trust store
 */
@ConfigurationProperties("idnet.evidence")
public record EvidenceProperties(String issuerUri, URI jwksUri, @DefaultValue("idnet") String audience,
    @DefaultValue("30s") Duration clockSkew, @DefaultValue("24h") Duration releaseHorizon,
    java.nio.file.Path trustFile) {

  public EvidenceProperties {
    if (issuerUri == null || issuerUri.isBlank()) {
      throw new IllegalArgumentException("idnet.evidence.issuer-uri is not set: the OIDC issuer whose tokens are "
          + "evidence (the gateway's idnet.gateway.jwt.issuer-uri)");
    }
    IssuerUrls.require("idnet.evidence.issuer-uri", issuerUri);
    if (jwksUri != null) {
      IssuerUrls.require("idnet.evidence.jwks-uri", jwksUri.toString());
    }
    if (releaseHorizon == null || !releaseHorizon.isPositive()) {
      throw new IllegalArgumentException("idnet.evidence.release-horizon must be positive, not " + releaseHorizon);
    }
  }
}
