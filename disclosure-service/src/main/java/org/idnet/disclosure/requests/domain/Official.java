package org.idnet.disclosure.requests.domain;

import java.util.Set;

/**
 * An agency official as the domain sees the caller: subject, agency and roles, taken from the
 * verified caller identity by the api layer.
 */
public record Official(String subject, String agencyId, Set<String> roles) {

  public static final String OFFICER = "agency-officer";
  public static final String SUPERVISOR = "agency-supervisor";

  public Official {
    agencyId = agencyId == null ? "" : agencyId;
    roles = Set.copyOf(roles);
  }

  public boolean isOfficer() {
    return roles.contains(OFFICER);
  }

  public boolean isSupervisor() {
    return roles.contains(SUPERVISOR);
  }

  /** Whether this official may see the request at all (otherwise it answers like an unknown id). */
  public boolean sameAgency(DisclosureRequest request) {
    return !agencyId.isEmpty() && agencyId.equals(request.agencyId());
  }

  /** Agency staff without an agency claim can act on nothing: refuse early, with a clear reason. */
  void requireAgency() {
    if (agencyId.isEmpty()) {
      throw DisclosureException.of(Refusal.FORBIDDEN, "the caller belongs to no agency");
    }
  }
}
