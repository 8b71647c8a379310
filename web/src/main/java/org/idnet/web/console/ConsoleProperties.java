package org.idnet.web.console;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agency console's settings, under {@code idnet.web.console} (docs/pages.md section 4.2). The
 * browser goes to {@link #issuer} (the realm's public address: authorization and end-session); the
 * web itself to {@link #internalIssuer} (token and keys). Each endpoint defaults to Keycloak's layout
 * under the matching issuer and may be set explicitly (the tests' mock issuer has another layout).
 *
 * @param enabled the console's routes and login: false on the light issuer, which has no browser login
 * @param clientId the confidential client of the console ({@code idnet-console})
 * @param clientSecret its secret
 * @param issuer the realm's public issuer: the ID token's {@code iss} must be it
 * @param internalIssuer where the web reaches the realm (defaults to {@link #issuer})
 */
@ConfigurationProperties("idnet.web.console")
public record ConsoleProperties(@DefaultValue("false") boolean enabled, @DefaultValue("idnet-console") String clientId,
    String clientSecret, URI issuer, URI internalIssuer, URI authorizationUri, URI endSessionUri, URI tokenUri,
    URI jwkSetUri) {

  public ConsoleProperties {
    if (enabled && (issuer == null || clientSecret == null || clientSecret.isBlank())) {
      throw new IllegalArgumentException(
          "idnet.web.console.enabled needs idnet.web.console.issuer and idnet.web.console.client-secret");
    }
    if (internalIssuer == null) {
      internalIssuer = issuer;
    }
    if (issuer != null) {
      authorizationUri = authorizationUri != null ? authorizationUri : under(issuer, "/protocol/openid-connect/auth");
      endSessionUri = endSessionUri != null ? endSessionUri : under(issuer, "/protocol/openid-connect/logout");
      tokenUri = tokenUri != null ? tokenUri : under(internalIssuer, "/protocol/openid-connect/token");
      jwkSetUri = jwkSetUri != null ? jwkSetUri : under(internalIssuer, "/protocol/openid-connect/certs");
    }
  }

  private static URI under(URI base, String path) {
    String text = base.toString();
    return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
  }

  /** The public issuer's origin, which {@code form-action} must list on pages posting to logout. */
  public String issuerOrigin() {
    return org.idnet.web.config.WebProperties.origin(endSessionUri);
  }
}
