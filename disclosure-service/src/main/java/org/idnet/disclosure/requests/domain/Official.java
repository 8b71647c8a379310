package org.idnet.disclosure.requests.domain;

import java.util.Set;

/**
 * An agency official as the domain sees the caller: subject, agency and roles, taken from the
 * verified caller identity by the api layer (the roles from the official's own token where the call
 * carries one as evidence).
 *
 * @param evidence the official's own access token, verified by the evidence interceptor, on calls
 *     that carry a person's authority; null elsewhere. Kept as evidence, never shown or logged.
 */
public record Official(String subject, String agencyId, Set<String> roles, String evidence) {

  public static final String OFFICER = "agency-officer";
  public static final String SUPERVISOR = "agency-supervisor";

  public Official {
    agencyId = agencyId == null ? "" : agencyId;
    roles = Set.copyOf(roles);
  }

  public Official(String subject, String agencyId, Set<String> roles) {
    this(subject, agencyId, roles, null);
  }

  @Override
  public String toString() {
    return "Official[subject=" + subject + ", agencyId=" + agencyId + ", roles=" + roles + "]";
  }

  /** The official's token as evidence of what they do; refused without one (the interceptor checked it). */
  String requireEvidence() {
    if (evidence == null || evidence.isBlank()) {
      throw DisclosureException.of(Refusal.FORBIDDEN, "this action needs the official's own access token as evidence");
    }
    return evidence;
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
