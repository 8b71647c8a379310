package org.idnet.admin.onboarding;

/**
 * Disabling and enabling a client. Keycloak alone only stops new tokens, and those already issued
 * work until they expire (at most 5 minutes); the deny-list makes every gateway refuse the client
 * within seconds. Keycloak is changed first (so an unknown id never reaches the deny-list); a
 * deny-list failure after it leaves the client disabled in Keycloak and says the gateways were not
 * told. Both steps are idempotent, so running the command again completes it.
 */
public final class ClientSuspension {

  private final ClientControl control;
  private final DenyList denyList;

  public ClientSuspension(ClientControl control, DenyList denyList) {
    this.control = control;
    this.denyList = denyList;
  }

  /** Returns how many gateways were listening when told. */
  public long disable(ClientId id) {
    control.setEnabled(id, false);
    try {
      return denyList.deny(id);
    } catch (OnboardingException e) {
      throw notTold(e, "client '" + id + "' is disabled in Keycloak (no new tokens), but the gateways were NOT told: "
          + e.getMessage() + ". Tokens it already holds keep working until they expire (at most 5 minutes)."
          + " Run 'idnet-admin disable " + id + "' again.");
    }
  }

  /** Returns how many gateways were listening when told. */
  public long enable(ClientId id) {
    control.setEnabled(id, true);
    try {
      return denyList.allow(id);
    } catch (OnboardingException e) {
      throw notTold(e, "client '" + id + "' is enabled in Keycloak, but the gateways were NOT told (those holding it"
          + " on their deny-list still refuse it): " + e.getMessage() + ". Run 'idnet-admin enable " + id + "' again.");
    }
  }

  private static OnboardingException notTold(OnboardingException cause, String message) {
    return new OnboardingException(OnboardingException.Problem.GATEWAYS_NOT_TOLD, message, cause);
  }
}
