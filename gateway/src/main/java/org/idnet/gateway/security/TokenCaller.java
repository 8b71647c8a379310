package org.idnet.gateway.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idnet.caller.Caller;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Reads idnet's claim layout from a verified token (whose shape {@link ClaimsValidator} has
 * checked): realm roles from Keycloak's {@code realm_access.roles}, the platform, carrier or
 * agency client id from {@code azp} (the one platform id everywhere), agency staff's
 * {@code agency_id}, and the official's name from {@code preferred_username} ({@code sub} is a
 * UUID in Keycloak, never a name).
 */
public final class TokenCaller {

  /** Keycloak's name for a client acting for itself: {@code service-account-<client id>}. */
  public static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

  private TokenCaller() {
  }

  public static Caller from(Jwt jwt) {
    return new Caller(official(jwt), clientId(jwt), agency(jwt), realmRoles(jwt));
  }

  public static String clientId(Jwt jwt) {
    String azp = jwt.getClaimAsString("azp");
    return azp == null ? "" : azp;
  }

  /**
   * The official's name: {@code preferred_username}. A token without one (only allowed outside
   * agency staff) is the client acting for itself, named as Keycloak names a service account.
   */
  public static String official(Jwt jwt) {
    if (jwt.getClaims().get("preferred_username") instanceof String name && !name.isBlank()) {
      return name;
    }
    return SERVICE_ACCOUNT_PREFIX + clientId(jwt);
  }

  /** Whether the token is a client's own (a service account), not a person's through the client. */
  public static boolean isServiceAccount(Jwt jwt) {
    return official(jwt).equals(SERVICE_ACCOUNT_PREFIX + clientId(jwt));
  }

  /**
   * The rate-limit key of a token: its client for a service account; its client and the person
   * for people, so that the officials of one agency client do not share one bucket.
   */
  public static String rateLimitKey(Jwt jwt) {
    String client = "client:" + URLEncoder.encode(clientId(jwt), StandardCharsets.UTF_8);
    return isServiceAccount(jwt) ? client : client + "/" + URLEncoder.encode(official(jwt), StandardCharsets.UTF_8);
  }

  private static String agency(Jwt jwt) {
    return jwt.getClaims().get("agency_id") instanceof String agency ? agency : "";
  }

  public static Set<String> realmRoles(Jwt jwt) {
    Object realmAccess = jwt.getClaims().get("realm_access");
    Set<String> roles = new LinkedHashSet<>();
    if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> list) {
      for (Object role : list) {
        if (role instanceof String s && !s.startsWith("internal:")) {
          // "internal:" stays reserved (idnet's services once held such roles; their
          // certificates identify them now): no token may claim one.
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
        official(jwt));
  }
}
