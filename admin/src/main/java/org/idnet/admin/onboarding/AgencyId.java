package org.idnet.admin.onboarding;

/**
 * An agency's id: the {@code agency_id} claim of its staff's tokens, which scopes whose disclosure
 * requests they see and approve. Same shape as a client id (and as the user profile allows for human
 * staff), and the prefix of the agency's client ids.
 */
public record AgencyId(String value) {

  public AgencyId {
    ClientId.check(value, "agency id");
  }

  @Override
  public String toString() {
    return value;
  }
}
