package org.idnet.disclosure.requests.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * An agency official as the domain sees the caller: subject, agency and roles, taken from the
 * verified caller identity by the api layer (the roles from the official's own token where the call
 * carries one as evidence).
 *
 * @param evidence the official's own access token, verified by the evidence interceptor, on calls
 *     that carry a person's authority; null elsewhere. Kept as evidence, never shown or logged.
 * @param login how the evidence's holder logged in, from its claims; null where there is no evidence
 */
public record Official(String subject, String agencyId, Set<String> roles, String evidence, Login login) {

  public static final String OFFICER = "agency-officer";
  public static final String SUPERVISOR = "agency-supervisor";

  public Official {
    agencyId = agencyId == null ? "" : agencyId;
    roles = Set.copyOf(roles);
  }

  public Official(String subject, String agencyId, Set<String> roles) {
    this(subject, agencyId, roles, null, null);
  }

  /**
   * The login behind the evidence token, from its claims.
   *
   * @param serviceAccount a client's own token (client credentials), no person's login behind it
   * @param authTime {@code auth_time}, null when the token has none
   * @param methods {@code amr}
   */
  public record Login(boolean serviceAccount, Instant authTime, Set<String> methods) {

    public static final String OTP = "otp";

    public Login {
      methods = methods == null ? Set.of() : Set.copyOf(methods);
    }

    /** Typed password and one-time code at most {@code within} before {@code now}. */
    boolean freshAt(Instant now, Duration within) {
      return authTime != null && !authTime.isBefore(now.minus(within)) && methods.contains(OTP);
    }
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

  /**
   * A person approves only with a token of a fresh login with the second factor (within
   * {@code within} of {@code now}, {@code amr} with {@code otp}), so that a taken-over web cannot
   * approve with a token from a login made before. A client's own token (the sandbox's machine
   * supervisors) has no login to check.
   */
  void requireFreshLogin(Instant now, Duration within) {
    if (login != null && login.serviceAccount()) {
      return;
    }
    // No login known (evidence without its claims): refused, never waved through.
    if (login == null || !login.freshAt(now, within)) {
      throw DisclosureException.of(Refusal.FRESH_LOGIN_REQUIRED, "approvals need a token of a login with password and"
          + " one-time code made at most " + within.toSeconds() + " s before; log in again and approve");
    }
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
