package org.idnet.gateway.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.idnet.caller.Caller;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads idnet's claim layout from a verified token: realm roles from Keycloak's
 * {@code realm_access.roles}, the platform or carrier id from {@code azp}, agency staff's
 * {@code agency_id}, and the subject.
 */
public final class TokenCaller {

  private TokenCaller() {
  }

  public static Caller from(Jwt jwt) {
    String clientId = Optional.ofNullable(jwt.getClaimAsString("azp"))
        .or(() -> Optional.ofNullable(jwt.getClaimAsString("client_id")))
        .orElse("");
    // The official's name is the realm's stable, readable username (Keycloak's sub is a UUID).
    String subject = Optional.ofNullable(jwt.getClaimAsString("preferred_username"))
        .or(() -> Optional.ofNullable(jwt.getSubject())).orElse(clientId);
    String agency = Optional.ofNullable(jwt.getClaimAsString("agency_id")).orElse("");
    return new Caller(subject, clientId, agency, realmRoles(jwt));
  }

  public static Set<String> realmRoles(Jwt jwt) {
    Object realmAccess = jwt.getClaims().get("realm_access");
    Set<String> roles = new LinkedHashSet<>();
    if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> list) {
      for (Object role : list) {
        if (role instanceof String s && !s.startsWith("internal:")) {
          // internal: roles belong to idnet's own services; no token may claim them.
          roles.add(s);
        }
      }
    }
    return roles;
  }

  public static List<String> authorities(Jwt jwt) {
    return realmRoles(jwt).stream().map(r -> "ROLE_" + r).toList();
  }

  /** The authenticated principal of a verified token, with its realm roles as authorities. */
  public static JwtAuthenticationToken authentication(Jwt jwt) {
    return new JwtAuthenticationToken(jwt, authorities(jwt).stream().map(SimpleGrantedAuthority::new).toList(),
        jwt.getSubject());
  }
}
