package org.idnet.gateway.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The shape of idnet's own claims, checked once when a token is verified, so that everything
 * built from a token later (the caller sent to the services, the rate-limit key, the deny list)
 * reads claims that can only mean one thing:
 * <ul>
 *   <li>{@code azp}, a non-blank string, is the one platform, carrier or agency client id. There
 *       is no fallback to {@code client_id} or {@code sub}: two claims that could each name the
 *       client could name two different ones (ownership by one, rate limit by the other).</li>
 *   <li>{@code preferred_username} names the official. A token of agency staff (an agency role or
 *       an {@code agency_id}) must carry it as a non-blank string, since requests, decisions and
 *       the audit log name officials by it; where present it must be such a string anyway.</li>
 *   <li>{@code agency_id} is one non-blank string (never a list or another type), and an agency
 *       role comes with it.</li>
 *   <li>Role names are {@code [a-z0-9:-]+}: the services receive roles comma-joined in the signed
 *       caller, so a role {@code "carrier,platform"} must never reach them.</li>
 * </ul>
 */
public final class ClaimsValidator implements OAuth2TokenValidator<Jwt> {

  public static final Set<String> AGENCY_ROLES = Set.of("agency-officer", "agency-supervisor");
  static final int MAX_NAME_LENGTH = 255;
  private static final Pattern ROLE = Pattern.compile("[a-z0-9:-]{1,64}");

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    Map<String, Object> claims = jwt.getClaims();
    if (!isNonBlankString(claims.get("azp"), MAX_NAME_LENGTH)) {
      return refuse("the token names no client (azp)");
    }
    Object realmAccess = claims.get("realm_access");
    boolean agencyRole = false;
    if (realmAccess != null) {
      if (!(realmAccess instanceof Map<?, ?> access)) {
        return refuse("realm_access is not an object");
      }
      Object roles = access.get("roles");
      if (roles != null) {
        if (!(roles instanceof Collection<?> list)) {
          return refuse("realm_access.roles is not a list");
        }
        for (Object role : list) {
          if (!(role instanceof String name) || !ROLE.matcher(name).matches()) {
            return refuse("a role name is not made of [a-z0-9:-]");
          }
          agencyRole |= AGENCY_ROLES.contains(name);
        }
      }
    }
    Object agency = claims.get("agency_id");
    if (agency != null && !isNonBlankString(agency, MAX_NAME_LENGTH)) {
      return refuse("agency_id is not one non-blank string");
    }
    if (agencyRole && agency == null) {
      return refuse("an agency role without agency_id");
    }
    Object name = claims.get("preferred_username");
    if (name != null && (!isNonBlankString(name, MAX_NAME_LENGTH) || hasControlCharacter((String) name))) {
      // (It becomes the official's name in the audit log: no line breaks or other control characters.)
      return refuse("preferred_username is not a non-blank string of printable characters");
    }
    if ((agencyRole || agency != null) && name == null) {
      return refuse("a token of agency staff without preferred_username");
    }
    return OAuth2TokenValidatorResult.success();
  }

  private static boolean hasControlCharacter(String value) {
    return value.codePoints().anyMatch(Character::isISOControl);
  }

  private static boolean isNonBlankString(Object value, int maxLength) {
    return value instanceof String s && !s.isBlank() && s.length() <= maxLength;
  }

  private static OAuth2TokenValidatorResult refuse(String why) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", why, null));
  }
}
