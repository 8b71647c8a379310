package org.idnet.admin.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.idnet.admin.onboarding.OnboardingException;

/**
 * Keycloak's answers as messages an operator can act on: which server, which login, which right is
 * missing, and Keycloak's own error text (never a secret: Keycloak does not echo them).
 */
final class KeycloakErrors {

  static final String ADMIN_ROLES = "manage-clients, view-clients, query-clients, manage-users, view-users,"
      + " query-users and view-realm of realm-management";
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeycloakErrors() {
  }

  /** A failure while logging in (before any change). */
  static OnboardingException login(KeycloakAccess access, RuntimeException e) {
    if (e instanceof ProcessingException) {
      return unreachable(access, e);
    }
    if (e instanceof WebApplicationException web) {
      return OnboardingException.failed("Keycloak at " + access.url() + " refused the admin login ("
          + access.credentials().describe(access.realm()) + "): " + answer(web.getResponse()), e);
    }
    return OnboardingException.failed("admin login at " + access.url() + " failed: " + e, e);
  }

  /** A failure while {@code doing} something (e.g. "create client 'acme'"). */
  static OnboardingException of(KeycloakAccess access, String doing, RuntimeException e) {
    if (e instanceof OnboardingException known) {
      return known;
    }
    if (e instanceof ProcessingException) {
      return unreachable(access, e);
    }
    if (e instanceof WebApplicationException web) {
      int status = web.getResponse().getStatus();
      if (status == 403) {
        return OnboardingException.failed("the admin login (" + access.credentials().describe(access.realm())
            + ") may not " + doing + " (403 Forbidden): it needs the roles " + ADMIN_ROLES, e);
      }
      return OnboardingException.failed("could not " + doing + ": Keycloak answered " + answer(web.getResponse()), e);
    }
    return OnboardingException.failed("could not " + doing + ": " + e, e);
  }

  /** The managed realm is not there (or the server is not Keycloak, e.g. the sandbox's light issuer). */
  static OnboardingException noRealm(KeycloakAccess access, RuntimeException e) {
    return OnboardingException.failed("no realm '" + access.realm() + "' in Keycloak's admin API at " + access.url()
        + " (is the server Keycloak? The sandbox's light issuer has no admin API: start it with bin/sandbox --keycloak)", e);
  }

  private static OnboardingException unreachable(KeycloakAccess access, RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return OnboardingException.failed("cannot reach Keycloak at " + access.url() + ": "
        + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage()), e);
  }

  /** "403 Forbidden: <Keycloak's error text>", the text from its JSON error body when there is one. */
  static String answer(Response response) {
    String status = response.getStatus() + " " + response.getStatusInfo().getReasonPhrase();
    try {
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      String text = text(body);
      return text.isBlank() ? status : status + ": " + text;
    } catch (RuntimeException unreadable) {
      return status;
    }
  }

  private static String text(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      for (String field : new String[] {"errorMessage", "error_description", "error"}) {
        if (json.hasNonNull(field)) {
          return clip(json.get(field).asText());
        }
      }
    } catch (Exception notJson) {
      // an HTML page or plain text: not shown, the status says enough
    }
    return "";
  }

  private static String clip(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
