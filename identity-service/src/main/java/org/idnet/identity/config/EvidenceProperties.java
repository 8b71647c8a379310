package org.idnet.identity.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the officials' tokens in disclosure grants are checked, under {@code idnet.evidence}.
 *
 * @param issuerUri the OIDC issuer, exactly as tokens name it ({@code iss}): the gateway's
 *     {@code idnet.gateway.jwt.issuer-uri}. Unset: every ReleaseIdentity is refused
 *     (filer-evidence), the service still runs.
 * @param jwksUri the issuer's JWKS; default: found by OIDC discovery from {@code issuerUri}
 * @param audience the {@code aud} every token must carry (default {@code idnet})
 * @param clockSkew tolerance on the tokens' times against the request's (default 30 s)
 * @param maxTokenLifetime the issuer's access-token lifespan, at least (default 5 min, Keycloak's
 *     realm setting): a token living longer is no evidence, and a filing officer's token may be
 *     this old when the request was filed
 */
@ConfigurationProperties("idnet.evidence")
public record EvidenceProperties(String issuerUri, URI jwksUri, @DefaultValue("idnet") String audience,
    @DefaultValue("30s") Duration clockSkew, @DefaultValue("5m") Duration maxTokenLifetime) {

  public boolean configured() {
    return issuerUri != null && !issuerUri.isBlank();
  }
}
