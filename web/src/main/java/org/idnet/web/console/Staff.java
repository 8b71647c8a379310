package org.idnet.web.console;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signed-in official as the pages see them, read from their own access token's claims (realm
 * roles, {@code agency_id}, {@code preferred_username}). It only decides what to show: the gateway
 * verifies the token and decides what is allowed.
 *
 * @param username {@code preferred_username}, the name the audit log records
 * @param agencyId {@code agency_id}, or null
 * @param roles realm roles
 */
public record Staff(String username, String agencyId, Set<String> roles) {

  public static final String OFFICER = "agency-officer";
  public static final String SUPERVISOR = "agency-supervisor";
  public static final String AUDITOR = "auditor";

  /** Reads the claims of an access token the web received from the token endpoint itself. */
  public static Staff of(String accessToken) {
    try {
      JWTClaimsSet claims = JWTParser.parse(accessToken).getJWTClaimsSet();
      List<String> roles = new ArrayList<>();
      Object realm = claims.getClaim("realm_access");
      if (realm instanceof Map<?, ?> access && access.get("roles") instanceof List<?> names) {
        names.forEach(n -> roles.add(String.valueOf(n)));
      }
      return new Staff(claims.getStringClaim("preferred_username"), claims.getStringClaim("agency_id"), Set.copyOf(roles));
    } catch (ParseException e) {
      return new Staff(null, null, Set.of());
    }
  }

  public boolean officer() {
    return roles.contains(OFFICER);
  }

  public boolean supervisor() {
    return roles.contains(SUPERVISOR);
  }

  public boolean auditor() {
    return roles.contains(AUDITOR);
  }

  /** Officers and supervisors see requests. */
  public boolean readsRequests() {
    return officer() || supervisor();
  }
}
