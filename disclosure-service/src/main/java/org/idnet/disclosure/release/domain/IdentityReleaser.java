package org.idnet.disclosure.release.domain;

/** identity-service's release of identity data against a grant. */
public interface IdentityReleaser {

  /**
   * @throws IdentityUnavailableException identity-service did not answer (down, deadline): try
   *     again later with a new grant; the request stays APPROVED
   * @throws GrantRefusedException identity-service refused the grant (a defect or a key mix-up:
   *     alert an operator; retrying with a new grant is safe)
   */
  ReleaseOutcome release(SignedGrant grant);
}
