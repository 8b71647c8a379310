package org.idnet.admin.onboarding;

/** The realm roles of idnet's API (keycloak/idnet-realm.json), one per kind of client. */
public enum ApiRole {
  PLATFORM("platform"),
  CARRIER("carrier"),
  AUDITOR("auditor"),
  AGENCY_OFFICER("agency-officer"),
  AGENCY_SUPERVISOR("agency-supervisor");

  private final String roleName;

  ApiRole(String roleName) {
    this.roleName = roleName;
  }

  /** The role's name in the realm and in tokens' {@code realm_access.roles}. */
  public String roleName() {
    return roleName;
  }
}
