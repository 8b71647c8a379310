package org.idnet.admin.onboarding;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The id of a client idnet serves: a platform's or carrier's id is the token's {@code azp} and the key
 * idnet scopes accounts, rate limits and audit entries by, so it is short, lower case and plain. The
 * shape is a DNS label (2-63 letters, digits and dashes, a letter or digit at each end): it fits a
 * metrics label, a Redis key and a file name without escaping. An agency id has the same shape.
 *
 * @param value the id, already checked
 */
public record ClientId(String value) {

  private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,61}[a-z0-9]");

  /**
   * Keycloak's own clients of every realm, the realm's admin client and the audience: a platform
   * named like one of them would be confused with it in Keycloak, in tokens or in the audit log.
   */
  public static final Set<String> RESERVED = Set.of("account", "account-console", "admin-cli", "broker",
      "realm-management", "security-admin-console", "master-realm", "idnet", "idnet-admin");

  public ClientId {
    check(value, "client id");
    if (RESERVED.contains(value)) {
      throw OnboardingException.invalid("'" + value + "' is reserved (Keycloak's or idnet's own client); choose another id");
    }
  }

  /** Checks an id's shape; {@code what} names it in the message ("client id", "agency id"). */
  static void check(String value, String what) {
    if (value == null || !SHAPE.matcher(value).matches()) {
      throw OnboardingException.invalid("invalid " + what + " '" + (value == null ? "" : printable(value))
          + "': 2-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit");
    }
  }

  private static String printable(String value) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  @Override
  public String toString() {
    return value;
  }
}
